//! Writes each lab's PyTorch program (the page's own, from `descent_core::pytorch`) with what the
//! engine computes for the same run, for `e2e/pytorch/check.py` to compare:
//!
//!     cargo run -p engine --bin programs -- DIR
//!
//! For each program `NAME.py`: `NAME.json` holds the arguments to run it with and the numbers
//! it should print (each a line `key: numbers`); a network's `NAME.init.safetensors` is the
//! engine's first weights, and `NAME.after.safetensors` its weights after the same steps. The
//! quadratic, the ReLU fit and the Titanic models run as the labs run them; the playground and
//! the Digits models take 10 full-batch steps from the engine's first weights.

use descent_core::digits::state_dict::state_dict as digits_state_dict;
use descent_core::pytorch;
use descent_core::quadratic::{Coefficients, GradientBuffer, LossKind, NoisyQuadratic, START};
use descent_core::weights::{self, Tensor};
use engine::digits::{DigitTrainer, ModelKind, ModelSpec, Pair, RungSettings};
use engine::mnist::Mnist;
use engine::playground::{Dataset, PlaygroundTrainer};
use engine::quadratic::QuadraticFit;
use engine::relu::{FIT_STEPS, ReluFit, ReluSetup};
use engine::run::{Run, RunPlan};
use engine::titanic::{Prepared, SEED, TitanicModel, read_passengers, split};
use engine::{EngineError, cpu_device};
use pollster::block_on;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Full-batch steps the networks take.
const STEPS: usize = 10;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: programs DIR [--only-quick]");
        std::process::exit(2);
    };
    let quick = std::env::args().any(|a| a == "--only-quick");
    if let Err(e) = run(&dir, quick) {
        eprintln!("programs: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &Path, quick: bool) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let out = Out(dir.to_path_buf());
    quadratic(&out, "quadratic", LossKind::Mse, false, 0.01, 30)?;
    quadratic(&out, "quadratic_mae_bug", LossKind::Mae, true, 0.003, 12)?;
    relu(&out)?;
    playground(&out)?;
    if quick {
        return Ok(());
    }
    titanic(&out)?;
    let mnist = Mnist::load_dir(&engine::mnist::default_dir()).map_err(|e| e.to_string())?;
    // simple_net on another pair than the book's, so that a pair's program is checked too.
    let other = Pair::new(2, 4)?;
    for (kind, pair) in [
        (ModelKind::Linear, Pair::BOOK),
        (ModelKind::SimpleNet, other),
        (ModelKind::AllDigits, Pair::BOOK),
    ] {
        digits(&out, &mnist, kind, pair)?;
    }
    Ok(())
}

struct Out(PathBuf);

impl Out {
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> Result<(), String> {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// The program, its arguments and the numbers it should print.
    fn program(
        &self,
        name: &str,
        text: &str,
        args: Vec<String>,
        expect: Value,
    ) -> Result<(), String> {
        self.write(&format!("{name}.py"), text)?;
        let spec = json!({ "args": args, "expect": expect });
        self.write(&format!("{name}.json"), spec.to_string())?;
        println!("wrote {name}.py");
        Ok(())
    }

    fn weights(&self, name: &str, tensors: &[Tensor]) -> Result<String, String> {
        self.write(name, weights::write(tensors))?;
        Ok(name.to_string())
    }
}

fn engine_error(e: EngineError) -> String {
    e.to_string()
}

fn quadratic(
    out: &Out,
    name: &str,
    loss: LossKind,
    forget_zero_grad: bool,
    learning_rate: f32,
    steps: usize,
) -> Result<(), String> {
    let points = NoisyQuadratic::default().sample();
    let device = cpu_device();
    let fit = QuadraticFit::new(&points, loss, &device).map_err(engine_error)?;
    let buffer = match forget_zero_grad {
        false => GradientBuffer::Zeroed,
        true => GradientBuffer::Accumulating(Coefficients::new(0.0, 0.0, 0.0)),
    };
    let descent =
        block_on(fit.descend(START, learning_rate, steps, None, buffer)).map_err(engine_error)?;
    let last = descent.visited.last().ok_or("no descent")?;
    if descent.visited.len() != steps + 1 {
        return Err(format!(
            "{name}: the descent stopped after {} steps",
            descent.visited.len() - 1
        ));
    }
    let run = pytorch::quadratic::QuadraticRun {
        points,
        loss,
        start: START,
        learning_rate,
        steps,
        forget_zero_grad,
        race_from: START,
        racers: Vec::new(),
        race_steps: 0,
    };
    let c = last.coefficients;
    out.program(
        name,
        &pytorch::quadratic::program(&run),
        vec![],
        json!({ "a": [c.a], "b": [c.b], "c": [c.c], "loss": [last.loss] }),
    )
}

fn relu(out: &Out) -> Result<(), String> {
    let setup = ReluSetup::default();
    let points = NoisyQuadratic::default().sample();
    let device = cpu_device();
    let mut fit =
        ReluFit::new(&points, &setup.sum, setup.optimizer, &device).map_err(engine_error)?;
    block_on(
        Run::new(RunPlan::constant(setup.learning_rate, FIT_STEPS)).advance(&mut fit, FIT_STEPS),
    )
    .map_err(engine_error)?;
    let sum = block_on(fit.sum()).map_err(engine_error)?;
    let after = pytorch::relu::state_dict(&sum);
    let run = pytorch::relu::ReluRun {
        points: points.clone(),
        start: setup.sum.clone(),
        optimizer: setup.optimizer,
        learning_rate: setup.learning_rate,
        steps: FIT_STEPS,
    };
    let after = out.weights("relu.after.safetensors", &after)?;
    out.program(
        "relu",
        &pytorch::relu::program(&run),
        vec![],
        json!({ "mse": [sum.mse(&points)], "weights": after }),
    )
}

fn playground(out: &Out) -> Result<(), String> {
    let mut setup = descent_core::playground::setup::xor_preset(vec![4, 2]);
    setup.data.samples = 200;
    setup.network.regularization = descent_core::playground::Regularization::L2;
    setup.network.regularization_rate = 0.001;
    let data = Dataset::generate(setup.data);
    let device = cpu_device();
    let mut trainer = PlaygroundTrainer::new(setup.network.clone(), data.clone(), true, &device)
        .map_err(engine_error)?;
    let parameters = |trainer: &PlaygroundTrainer| -> Result<Vec<Tensor>, String> {
        let picture = block_on(trainer.picture(1)).map_err(engine_error)?;
        Ok(pytorch::playground::state_dict(
            &picture.weights,
            &picture.biases,
        ))
    };
    let init = out.weights("playground.init.safetensors", &parameters(&trainer)?)?;
    let losses =
        block_on(trainer.train(setup.learning_rate, data.train, STEPS)).map_err(engine_error)?;
    let after = out.weights("playground.after.safetensors", &parameters(&trainer)?)?;
    out.program(
        "playground",
        &pytorch::playground::program(&setup, &data),
        full_batch(&init),
        steps(&losses, &after),
    )
}

fn titanic(out: &Out) -> Result<(), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/titanic/train.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let passengers = read_passengers(&text).map_err(|e| e.to_string())?;
    let data = Prepared::new(&passengers, SEED).map_err(engine_error)?;
    let device = cpu_device();
    for kind in engine::titanic::ModelKind::ALL {
        let name = format!("titanic_{}", kind.key().replace('-', "_"));
        let (rate, epochs) = (kind.default_learning_rate(), STEPS);
        let first =
            block_on(TitanicModel::first_weights(kind, SEED, &device)).map_err(engine_error)?;
        let (_, report) = block_on(TitanicModel::train(
            kind, &data, epochs, rate, SEED, &device,
        ))
        .map_err(engine_error)?;
        let init = out.weights(&format!("{name}.init.safetensors"), &first)?;
        let after = out.weights(&format!("{name}.after.safetensors"), &report.weights)?;
        let (_, valid) = split(passengers.len(), SEED);
        let losses: Vec<f32> = report.losses.iter().take(epochs).map(|l| l.train).collect();
        let mut expect = json!({ "weights": after });
        for (i, loss) in losses.iter().enumerate() {
            expect[format!("epoch {}", i + 1)] = json!([loss]);
        }
        out.program(
            &name,
            &pytorch::titanic::program(kind, epochs, rate, &valid),
            vec!["--init".into(), init, "--csv".into(), "{titanic}".into()],
            expect,
        )?;
    }
    Ok(())
}

fn digits(out: &Out, mnist: &Mnist, kind: ModelKind, pair: Pair) -> Result<(), String> {
    let settings = RungSettings::of(kind);
    let data = Arc::new(kind.task(pair).data(mnist));
    let spec = ModelSpec {
        kind,
        hidden: settings.hidden,
        seed: settings.seed,
        augment: false,
        pair,
    };
    let device = cpu_device();
    let mut trainer = DigitTrainer::new(spec, data.clone(), &device).map_err(engine_error)?;
    let parameters = |trainer: &DigitTrainer| -> Result<Vec<Tensor>, String> {
        Ok(digits_state_dict(
            &block_on(trainer.export()).map_err(engine_error)?,
        ))
    };
    let name = format!("digits_{}", kind.key());
    let init = out.weights(&format!("{name}.init.safetensors"), &parameters(&trainer)?)?;
    let mut losses = Vec::new();
    for _ in 0..STEPS {
        let chunk = block_on(trainer.train(settings.learning_rate, data.train.len(), 1))
            .map_err(engine_error)?;
        losses.extend(chunk.batches.iter().map(|b| b.loss));
    }
    let after = out.weights(&format!("{name}.after.safetensors"), &parameters(&trainer)?)?;
    let mut args = full_batch(&init);
    args.extend(["--mnist".into(), "{mnist}".into()]);
    out.program(
        &name,
        &pytorch::digits::program(kind, &settings, pair),
        args,
        steps(&losses, &after),
    )
}

fn full_batch(init: &str) -> Vec<String> {
    [
        "--init",
        init,
        "--full-batch",
        "--steps",
        &STEPS.to_string(),
    ]
    .map(String::from)
    .to_vec()
}

fn steps(losses: &[f32], after: &str) -> Value {
    let mut expect = json!({ "weights": after });
    for (i, loss) in losses.iter().enumerate() {
        expect[format!("step {}", i + 1)] = json!([loss]);
    }
    expect
}
