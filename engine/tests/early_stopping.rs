//! Overfitting and early stopping in the playground: on the overfitting preset the test loss
//! turns up while the training loss keeps falling, and early stopping goes back to the network
//! whose test loss was the lowest.

use engine::cpu_device;
use engine::early_stopping::{EarlyStopping, Verdict};
use engine::playground::setup::overfitting_preset;
use engine::playground::{Dataset, PlaygroundTrainer};
use pollster::block_on;

fn preset_trainer() -> (PlaygroundTrainer, engine::playground::Setup) {
    let setup = overfitting_preset();
    let data = Dataset::generate(setup.data);
    let mut trainer =
        PlaygroundTrainer::new(setup.network.clone(), data, true, &cpu_device()).unwrap();
    trainer.set_optimizer(setup.optimizer);
    (trainer, setup)
}

#[test]
fn the_overfitting_preset_ends_with_its_test_loss_above_its_minimum() {
    let (mut trainer, setup) = preset_trainer();
    let plan = setup.rate_plan();
    let mut lowest = (f32::INFINITY, 0);
    let mut batch = 0;
    while batch < setup.stop_after {
        block_on(trainer.train_planned(&plan, batch, setup.batch_size, 10)).unwrap();
        batch += 10;
        let scores = block_on(trainer.scores()).unwrap();
        if scores.test_loss < lowest.0 {
            lowest = (scores.test_loss, batch);
        }
    }
    let end = block_on(trainer.scores()).unwrap();
    assert!(
        lowest.1 <= setup.stop_after / 2,
        "lowest test loss at {}",
        lowest.1
    );
    assert!(
        end.test_loss > 1.5 * lowest.0,
        "{} against {}",
        end.test_loss,
        lowest.0
    );
    assert!(
        end.train_loss < 0.05,
        "the training loss fell to {}",
        end.train_loss
    );
}

#[test]
fn early_stopping_restores_the_network_with_the_lowest_test_loss() {
    let (mut trainer, setup) = preset_trainer();
    let plan = setup.rate_plan();
    let patience = 100;
    let mut watch = EarlyStopping::new(patience);
    let mut stopped_at = None;
    for batch in 0..setup.stop_after {
        block_on(trainer.train_planned(&plan, batch, setup.batch_size, 1)).unwrap();
        let test_loss = block_on(trainer.scores()).unwrap().test_loss;
        if watch.check(f64::from(test_loss), &trainer, batch + 1) == Verdict::Stop {
            stopped_at = Some(batch + 1);
            break;
        }
    }
    let stopped_at = stopped_at.expect("the test loss turns up, so training stops");
    let best = watch.best().unwrap();
    assert_eq!(stopped_at, best.at + patience);
    let restored = best.weights.clone();
    let after = block_on(restored.scores()).unwrap();
    assert_eq!(f64::from(after.test_loss), best.loss);
    let now = block_on(trainer.scores()).unwrap();
    assert!(now.test_loss > after.test_loss);
}
