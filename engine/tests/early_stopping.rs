//! Overfitting and early stopping in the playground: on the overfitting preset the test loss
//! turns up while the training loss keeps falling, and early stopping goes back to the network
//! whose test loss was the lowest.

use engine::cpu_device;
use engine::playground::setup::overfitting_preset;
use engine::playground::{Dataset, PlaygroundTrainer};
use engine::run::{Run, RunEnd, RunPlan};
use pollster::block_on;

fn preset_trainer() -> (PlaygroundTrainer, engine::playground::Setup) {
    let setup = overfitting_preset();
    let data = Dataset::generate(setup.data);
    let mut trainer =
        PlaygroundTrainer::new(setup.network.clone(), data, true, &cpu_device()).unwrap();
    trainer.set_optimizer(setup.optimizer);
    trainer.set_batch_size(setup.batch_size);
    (trainer, setup)
}

fn plan(setup: &engine::playground::Setup, patience: usize) -> RunPlan {
    RunPlan {
        rate: setup.rate_plan(),
        limit: Some(setup.stop_after),
        patience,
        check_every: 1,
    }
}

#[test]
fn the_overfitting_preset_ends_with_its_test_loss_above_its_minimum() {
    let (mut trainer, setup) = preset_trainer();
    let mut run = Run::new(plan(&setup, 0));
    let mut lowest = (f32::INFINITY, 0);
    while run.end().is_none() {
        block_on(run.advance(&mut trainer, 10)).unwrap();
        let scores = block_on(trainer.scores()).unwrap();
        if scores.test_loss < lowest.0 {
            lowest = (scores.test_loss, run.steps());
        }
    }
    assert_eq!(run.end(), Some(RunEnd::Limit));
    assert_eq!(run.steps(), setup.stop_after);
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
    let patience = 100;
    let mut run = Run::new(plan(&setup, patience));
    let mut last_test_loss = f32::NAN;
    while run.end().is_none() {
        // More than one batch asked for: the run stops at each check.
        assert_eq!(
            block_on(run.advance(&mut trainer, 50))
                .unwrap()
                .losses
                .len(),
            1
        );
        if run.end().is_none() {
            last_test_loss = block_on(trainer.scores()).unwrap().test_loss;
        }
    }
    let Some(RunEnd::EarlyStopped(stopped)) = run.end() else {
        panic!("the test loss turns up, so training stops: {:?}", run.end())
    };
    assert_eq!(stopped.at, stopped.best_at + patience);
    assert_eq!(run.steps(), stopped.at);
    // The network now is the best one, whose test loss is below where training had got to.
    let restored = block_on(trainer.scores()).unwrap();
    assert_eq!(restored.test_loss, stopped.best_loss);
    assert!(last_test_loss > restored.test_loss);
}
