//! The files worker: what a learner takes away from the page (each lab as a PyTorch program, a
//! trained model as a safetensors file, settings as a JSON file) and what they bring back (weights
//! and settings files). The writers and readers are `descent_core`'s; this answers the page's
//! [`ToFiles`] with them, off the page's main thread and out of its first load (the page starts
//! this worker the first time a learner opens a program or a file).

use descent_core::digits::state_dict::{from_state_dict, state_dict};
use descent_core::{pytorch, settings_file, weights};
use protocol::files::{Answer, Ask, FromFiles, Model, Program, ToFiles};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What the page asked for.
pub fn answer(ask: Ask) -> Answer {
    match ask {
        Ask::Program(program) => Answer::Text(write_program(&program)),
        Ask::Weights(model) => Answer::Bytes(weights::write(&tensors(&model))),
        Ask::OpenDigitsWeights { bytes, pair } => {
            match weights::read(&bytes).and_then(|tensors| from_state_dict(tensors, pair)) {
                Ok((kind, net)) => Answer::DigitsModel(kind, net),
                Err(why) => Answer::Refused(why),
            }
        }
        Ask::WriteSettings { lab, entries } => Answer::Text(settings_file::write(&lab, &entries)),
        Ask::ReadSettings { lab, text } => match settings_file::parse(&lab, &text) {
            Ok(entries) => Answer::Settings(entries),
            Err(problems) => Answer::Refused(problems.join(" ")),
        },
    }
}

fn write_program(program: &Program) -> String {
    match program {
        Program::Quadratic(run) => pytorch::quadratic::program(run),
        Program::Relu(run) => pytorch::relu::program(run),
        Program::Digits(kind, settings, pair) => pytorch::digits::program(*kind, settings, *pair),
        Program::Playground(setup, Some(data)) => pytorch::playground::program(setup, data),
        Program::Playground(_, None) => "# The points are being drawn…".into(),
        Program::Titanic {
            kind,
            epochs,
            learning_rate,
            valid,
        } => pytorch::titanic::program(*kind, *epochs, *learning_rate, valid),
    }
}

/// A model's parameters under the names its program gives them.
fn tensors(model: &Model) -> Vec<weights::Tensor> {
    match model {
        Model::Relu(sum) => pytorch::relu::state_dict(sum),
        Model::Digits(net) => state_dict(net),
        Model::Playground { weights, biases } => pytorch::playground::state_dict(weights, biases),
        Model::Tensors(tensors) => tensors.clone(),
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Starts the worker: each message from the page is one request, answered at once.
pub fn run() {
    // The page is told in the loader's words, and starts a new worker for its next request.
    std::panic::set_hook(Box::new(|info| {
        let _ = scope().post_message(&format!("failed: the files worker stopped ({info})").into());
    }));
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        let reply = match protocol::decode::<ToFiles>(&bytes) {
            Ok(ToFiles { id, ask }) => FromFiles {
                id,
                answer: answer(ask),
            },
            Err(error) => {
                web_sys::console::error_1(&format!("files worker: {error}").into());
                return;
            }
        };
        let bytes = js_sys::Uint8Array::from(protocol::encode(&reply).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        if let Err(error) = scope().post_message_with_transfer(&bytes, &transfer) {
            web_sys::console::error_2(&"files worker could not post".into(), &error);
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it.
    on_message.forget();
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent_core::Points;
    use descent_core::digits::{Dense, ModelKind, Pair, PlainNet};
    use descent_core::relu::ReluSum;

    fn round_trip(ask: Ask) -> Answer {
        // As the page and the worker send them.
        let ask = protocol::decode::<ToFiles>(&protocol::encode(&ToFiles { id: 7, ask }))
            .unwrap()
            .ask;
        let reply = FromFiles {
            id: 7,
            answer: answer(ask),
        };
        protocol::decode::<FromFiles>(&protocol::encode(&reply))
            .unwrap()
            .answer
    }

    #[test]
    fn a_model_written_as_weights_reads_back_as_the_same_model() {
        let dense = |inputs: usize, outputs: usize| Dense {
            inputs,
            outputs,
            weight: (0..inputs * outputs).map(|i| i as f32 * 1e-3).collect(),
            bias: vec![0.5; outputs],
        };
        let pair = Pair::new(2, 4).unwrap();
        let net = PlainNet::new(
            ModelKind::SimpleNet.task(pair),
            vec![],
            vec![dense(784, 3), dense(3, 1)],
        )
        .unwrap();
        let Answer::Bytes(file) = round_trip(Ask::Weights(Model::Digits(net.clone()))) else {
            panic!("weights are bytes");
        };
        assert_eq!(
            round_trip(Ask::OpenDigitsWeights { bytes: file, pair }),
            Answer::DigitsModel(ModelKind::SimpleNet, net)
        );
        let Answer::Refused(why) = round_trip(Ask::OpenDigitsWeights {
            bytes: b"not weights".to_vec(),
            pair,
        }) else {
            panic!("refused");
        };
        assert!(why.contains("safetensors"), "{why}");
    }

    #[test]
    fn a_settings_file_reads_back_as_the_entries_it_was_written_from() {
        use descent_core::quadratic::QuadraticSetup;
        use descent_core::settings::LabSetup;
        let entries = settings_file::entries(QuadraticSetup::SETTINGS, &QuadraticSetup::default());
        let Answer::Text(text) = round_trip(Ask::WriteSettings {
            lab: "quadratic".into(),
            entries: entries.clone(),
        }) else {
            panic!("a settings file is text");
        };
        let Answer::Settings(read) = round_trip(Ask::ReadSettings {
            lab: "quadratic".into(),
            text,
        }) else {
            panic!("read back");
        };
        assert_eq!(read.len(), entries.len());
        assert_eq!(
            settings_file::setup_of(QuadraticSetup::SETTINGS, &read),
            Ok(QuadraticSetup::default())
        );
        assert!(matches!(
            round_trip(Ask::ReadSettings { lab: "relu".into(), text: "{".into() }),
            Answer::Refused(why) if why.starts_with("This is not a settings file")
        ));
    }

    #[test]
    fn a_program_is_the_labs_writer_s() {
        let run = pytorch::relu::ReluRun {
            points: Points {
                xs: vec![-1.0, 0.0, 2.0],
                ys: vec![0.0, 0.5, 3.0],
            },
            start: ReluSum::spread(3, (-2.0, 2.0)),
            optimizer: descent_core::optimizers::Optimizer::Sgd,
            learning_rate: 0.1,
            steps: 2000,
        };
        assert_eq!(
            round_trip(Ask::Program(Program::Relu(run.clone()))),
            Answer::Text(pytorch::relu::program(&run))
        );
    }
}
