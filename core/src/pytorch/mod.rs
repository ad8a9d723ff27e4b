//! Each lab's setup as a standalone PyTorch program (torch and numpy only): what the lab does with
//! its current settings, written as the lessons write it (`torch.nn`, `torch.optim`), so a learner
//! can carry on in a notebook. The numbers in a program are the page's, written so Python reads
//! back the same `f32`.

pub mod digits;
pub mod playground;
pub mod quadratic;
pub mod relu;
pub mod titanic;

use crate::optimizers::Optimizer;
use crate::schedules::Schedule;

/// How a network's program starts from a weights file (`--init`), right after making `model`.
const LOAD_WEIGHTS: &str = "if args.init:\n    from safetensors.torch import load_file\n\n    model.load_state_dict(load_file(args.init))";
/// How a network's program saves what it trained (`--save`), at its end.
const SAVE_WEIGHTS: &str = "if args.save:\n    from safetensors.torch import save_file\n\n    save_file(model.state_dict(), args.save)";

/// `value` as a Python float literal that reads back as the same `f32` (Rust writes the
/// shortest such decimal; Python needs the point).
pub fn float(value: f32) -> String {
    match value {
        v if v.is_nan() => "float('nan')".into(),
        v if v.is_infinite() => format!("float('{}inf')", if v < 0.0 { "-" } else { "" }),
        v => {
            let text = v.to_string();
            match text.contains(['.', 'e']) {
                true => text,
                false => text + ".0",
            }
        }
    }
}

/// `[v, …]`, wrapped every `per_line` values with `indent`.
pub fn floats(values: &[f32], per_line: usize, indent: &str) -> String {
    let lines: Vec<String> = values
        .chunks(per_line.max(1))
        .map(|chunk| {
            chunk
                .iter()
                .map(|&v| float(v))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    match lines.len() {
        0 => "[]".into(),
        1 => format!("[{}]", lines[0]),
        _ => format!(
            "[\n{indent}    {},\n{indent}]",
            lines.join(&format!(",\n{indent}    "))
        ),
    }
}

/// The `torch.optim` constructor of `optimizer` over `parameters` at rate `lr` (an expression).
pub fn optimizer(optimizer: Optimizer, parameters: &str, lr: &str) -> String {
    match optimizer {
        Optimizer::Sgd => format!("torch.optim.SGD({parameters}, lr={lr})"),
        Optimizer::Momentum { beta, nesterov } => format!(
            "torch.optim.SGD({parameters}, lr={lr}, momentum={}{})",
            float(beta),
            if nesterov { ", nesterov=True" } else { "" }
        ),
        Optimizer::RmsProp { alpha, epsilon } => format!(
            "torch.optim.RMSprop({parameters}, lr={lr}, alpha={}, eps={})",
            float(alpha),
            float(epsilon)
        ),
        Optimizer::Adam {
            beta1,
            beta2,
            epsilon,
        } => format!(
            "torch.optim.Adam({parameters}, lr={lr}, betas=({}, {}), eps={})",
            float(beta1),
            float(beta2),
            float(epsilon)
        ),
    }
}

/// `scheduler = …` for `schedule` over a run of `total` batches (an expression), stepped after
/// each batch; `None` for a constant rate. Step decay is `StepLR`; the two cosine schedules are
/// `LambdaLR` with the lab's own formula, so the rates are the lab's batch for batch (PyTorch's
/// `OneCycleLR` ends each phase a batch earlier).
pub fn scheduler(schedule: Schedule, total: &str) -> Option<String> {
    let cosine = "def cosine(start, end, position):\n    return end + (start - end) / 2 * (1 + math.cos(math.pi * min(max(position, 0.0), 1.0)))\n\n\n";
    match schedule {
        Schedule::Constant => None,
        Schedule::StepDecay { every, factor } => Some(format!(
            "scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size={every}, gamma={factor})"
        )),
        Schedule::WarmupCosine { warmup } => Some(format!(
            "{cosine}def warmup_cosine(batch, total={total}, warmup={warmup}):\n    if batch < warmup:\n        return (batch + 1) / warmup\n    return cosine(1.0, 0.0, (min(batch, total) - warmup) / max(total - warmup, 1))\n\n\nscheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, warmup_cosine)"
        )),
        Schedule::OneCycle {
            pct_start,
            div,
            div_final,
        } => Some(format!(
            "{cosine}def one_cycle(batch, total={total}, pct_start={pct_start}, div={div}, div_final={div_final}):\n    rise = max(pct_start * max(total, 1), 1.0)\n    at = min(batch, max(total, 1))\n    if at < rise:\n        return cosine(1 / div, 1.0, at / rise)\n    return cosine(1.0, 1 / div_final, (at - rise) / max(max(total, 1) - rise, 1.0))\n\n\nscheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, one_cycle)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_in_python_as_the_same_f32() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(0.01), "0.01");
        assert_eq!(float(-2.5e-8), "-0.000000025");
        assert_eq!(float(f32::NEG_INFINITY), "float('-inf')");
        for v in [0.1f32, 1.0 / 3.0, 123_456.79, -7.0e-7] {
            assert_eq!(float(v).parse::<f32>(), Ok(v));
        }
        assert_eq!(
            floats(&[1.0, 2.0, 3.0], 2, ""),
            "[\n    1.0, 2.0,\n    3.0,\n]"
        );
        assert_eq!(floats(&[0.5], 8, ""), "[0.5]");
    }

    #[test]
    fn optimizers_are_torchs_own() {
        assert_eq!(
            optimizer(Optimizer::NESTEROV, "params", "0.1"),
            "torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True)"
        );
        assert_eq!(
            optimizer(Optimizer::ADAM, "model.parameters()", "lr"),
            "torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=0.0000001)"
        );
    }
}
