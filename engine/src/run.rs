//! One owner for a training run, whatever trains: how many steps it takes, the rate of each (the
//! schedule), when it has blown up, and when early stopping ends it and brings the best weights
//! back. What trains implements [`Training`] (a step and its loss, a held-out loss, its weights);
//! a [`Run`] advances it in pieces, so a worker can train in time-bounded slices and a test in
//! one go, with the same ending either way.

use crate::early_stopping::{EarlyStopping, Verdict};
use crate::error::{EngineError, check_learning_rate};
use crate::schedules::RatePlan;
pub use descent_core::run::RunEnd;
use std::future::Future;

/// A model with its data and optimizer, trained a step at a time.
pub trait Training {
    /// What early stopping keeps of the best point and brings back.
    type Weights: Clone;

    /// Takes one step per rate, the first being the run's step `first`; returns each step's
    /// training loss (the one it stepped from, or reached: as the model reports it). It may
    /// take fewer, ending at a loss that blew up or where it settled.
    fn train_steps(
        &mut self,
        rates: &[f32],
        first: usize,
    ) -> impl Future<Output = Result<Vec<f32>, EngineError>>;

    /// The loss on data it does not train on, which early stopping watches.
    fn held_out_loss(&mut self) -> impl Future<Output = Result<f32, EngineError>>;

    fn weights(&self) -> Self::Weights;

    fn restore(&mut self, weights: Self::Weights);

    /// Whether a training loss means the run has blown up; by default, a loss that is no longer
    /// a number.
    fn diverged(&self, loss: f32) -> bool {
        !loss.is_finite()
    }

    /// For a model that trains in epochs, the steps left in the epoch its next step is in; an
    /// advance stops at an epoch's end, where early stopping checks. `None`: no epochs.
    fn steps_left_in_epoch(&self) -> Option<usize> {
        None
    }

    /// Whether its last step ended an epoch.
    fn at_epoch_end(&self) -> bool {
        false
    }

    /// Whether the model has settled after its last step (it then takes no more); by default,
    /// never: a run takes its steps.
    fn converged(&self) -> bool {
        false
    }
}

/// How a run trains: its rates, its length, and its early stopping.
#[derive(Debug, Clone, PartialEq)]
pub struct RunPlan {
    /// The rate of each step (a constant rate is a plan too).
    pub rate: RatePlan,
    /// The most steps the run takes (epochs, for a model that trains in epochs); `None` runs
    /// until stopped.
    pub limit: Option<usize>,
    /// Early stopping: checks without a better held-out loss before the run ends; 0 is off.
    pub patience: usize,
    /// Steps between early stopping's checks (1: after every step), for a model without
    /// epochs; one with epochs is checked at the end of each.
    pub check_every: usize,
}

impl RunPlan {
    /// `limit` steps at one rate, without early stopping.
    pub fn constant(learning_rate: f32, limit: usize) -> Self {
        Self {
            rate: RatePlan::constant(learning_rate),
            limit: Some(limit),
            patience: 0,
            check_every: 1,
        }
    }
}

/// What one [`Run::advance`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Advance {
    /// Each step's training loss.
    pub losses: Vec<f32>,
    /// Set once the run has ended.
    pub end: Option<RunEnd>,
}

/// A run in progress, kept between slices.
#[derive(Debug, Clone)]
pub struct Run<W> {
    plan: RunPlan,
    steps: usize,
    epochs: usize,
    watch: Option<EarlyStopping<W>>,
    end: Option<RunEnd>,
}

impl<W: Clone> Run<W> {
    pub fn new(plan: RunPlan) -> Self {
        Self {
            plan,
            steps: 0,
            epochs: 0,
            watch: None,
            end: None,
        }
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    pub fn plan(&self) -> &RunPlan {
        &self.plan
    }

    /// Epochs completed so far, for a model that trains in epochs.
    pub fn epochs(&self) -> usize {
        self.epochs
    }

    pub fn end(&self) -> Option<RunEnd> {
        self.end
    }

    /// The plan for the steps still to come: a learner may change the rate, the length or the
    /// patience while the run goes on, or go on after it ended. Switching early stopping off
    /// forgets its watch.
    pub fn replan(&mut self, plan: RunPlan) {
        if plan.patience == 0 {
            self.watch = None;
        }
        self.plan = plan;
        self.end = None;
    }

    /// Up to `steps` more steps of `model`: fewer at the run's limit, at an early-stopping
    /// check or at an epoch's end, none once the run has ended. After them the run ends at its
    /// limit, on a loss that blew up, where the model settled, or when early stopping says so
    /// (the best weights brought back).
    pub async fn advance<T: Training<Weights = W>>(
        &mut self,
        model: &mut T,
        steps: usize,
    ) -> Result<Advance, EngineError> {
        if self.end.is_some() {
            return Ok(Advance {
                losses: Vec::new(),
                end: self.end,
            });
        }
        check_learning_rate(self.plan.rate.max)?;
        let epochs = model.steps_left_in_epoch();
        let check_every = self.plan.check_every.max(1);
        let steps = match epochs {
            Some(left) => steps.min(left),
            None => {
                let mut steps = steps;
                if let Some(limit) = self.plan.limit {
                    steps = steps.min(limit.saturating_sub(self.steps));
                }
                if self.plan.patience > 0 {
                    steps = steps.min(check_every - self.steps % check_every);
                }
                steps
            }
        }
        .max(1);
        let rates: Vec<f32> = (self.steps..self.steps + steps)
            .map(|step| self.plan.rate.at(step))
            .collect();
        let losses = model.train_steps(&rates, self.steps).await?;
        self.steps += losses.len();
        // Where early stopping checks, by epochs or by steps, and how far the run has come.
        let (at_check, done) = match epochs {
            Some(_) => {
                let ended = model.at_epoch_end();
                self.epochs += usize::from(ended);
                (ended, self.epochs)
            }
            None => (self.steps.is_multiple_of(check_every), self.steps),
        };
        self.end = if losses.iter().any(|&loss| model.diverged(loss)) {
            Some(RunEnd::Diverged)
        } else if model.converged() {
            Some(RunEnd::Converged)
        } else if self.plan.patience > 0 && at_check {
            let check = if epochs.is_some() {
                done
            } else {
                done / check_every
            };
            self.check(model, check).await?
        } else {
            None
        };
        if self.end.is_none() && self.plan.limit.is_some_and(|limit| done >= limit) {
            self.end = Some(RunEnd::Limit);
        }
        Ok(Advance {
            losses,
            end: self.end,
        })
    }

    /// Early stopping's check number `at`; when it says stop, the best weights come back.
    async fn check<T: Training<Weights = W>>(
        &mut self,
        model: &mut T,
        at: usize,
    ) -> Result<Option<RunEnd>, EngineError> {
        let loss = model.held_out_loss().await?;
        let patience = self.plan.patience;
        let watch = self
            .watch
            .get_or_insert_with(|| EarlyStopping::new(patience));
        if watch.check(f64::from(loss), &model.weights(), at) != Verdict::Stop {
            return Ok(None);
        }
        let stopped = watch.stopped(at);
        if let Some(best) = self.watch.take().and_then(|w| w.best().cloned()) {
            model.restore(best.weights);
        }
        Ok(stopped.map(RunEnd::EarlyStopped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::early_stopping::Stopped;
    use crate::schedules::Schedule;

    /// A "model" that is one number stepping down its own scripted losses: each step's loss is
    /// the next of `losses`, and its held-out loss the next of `held_out`.
    struct Script {
        losses: Vec<f32>,
        held_out: Vec<f32>,
        at: usize,
        checks: usize,
        rates: Vec<f32>,
        /// Steps in an epoch, for a script that trains in epochs.
        epoch: Option<usize>,
    }

    impl Script {
        fn new(losses: &[f32], held_out: &[f32]) -> Self {
            Self {
                losses: losses.to_vec(),
                held_out: held_out.to_vec(),
                at: 0,
                checks: 0,
                rates: Vec::new(),
                epoch: None,
            }
        }
    }

    impl Training for Script {
        /// The step it is at.
        type Weights = usize;

        async fn train_steps(
            &mut self,
            rates: &[f32],
            first: usize,
        ) -> Result<Vec<f32>, EngineError> {
            assert_eq!(first, self.rates.len());
            self.rates.extend_from_slice(rates);
            let losses = self.losses[self.at..self.at + rates.len()].to_vec();
            self.at += rates.len();
            Ok(losses)
        }

        async fn held_out_loss(&mut self) -> Result<f32, EngineError> {
            self.checks += 1;
            Ok(self.held_out[self.checks - 1])
        }

        fn weights(&self) -> usize {
            self.at
        }

        fn restore(&mut self, weights: usize) {
            self.at = weights;
        }

        fn steps_left_in_epoch(&self) -> Option<usize> {
            self.epoch.map(|epoch| epoch - self.rates.len() % epoch)
        }

        fn at_epoch_end(&self) -> bool {
            self.epoch
                .is_some_and(|epoch| self.rates.len().is_multiple_of(epoch))
        }
    }

    fn advance(run: &mut Run<usize>, model: &mut Script, steps: usize) -> Advance {
        pollster::block_on(run.advance(model, steps)).unwrap()
    }

    #[test]
    fn a_run_takes_its_steps_in_pieces_and_ends_at_its_limit() {
        let mut model = Script::new(&[1.0; 10], &[]);
        let mut run = Run::new(RunPlan::constant(0.5, 7));
        assert_eq!(advance(&mut run, &mut model, 3).losses.len(), 3);
        let last = advance(&mut run, &mut model, 100);
        assert_eq!((last.losses.len(), last.end), (4, Some(RunEnd::Limit)));
        assert_eq!(run.steps(), 7);
        assert_eq!(model.rates, [0.5; 7]);
        // Ended: no more steps.
        assert!(advance(&mut run, &mut model, 5).losses.is_empty());
    }

    #[test]
    fn each_step_takes_the_schedules_rate() {
        let mut model = Script::new(&[1.0; 4], &[]);
        let plan = RunPlan {
            rate: RatePlan {
                schedule: Schedule::StepDecay {
                    every: 2,
                    factor: 0.5,
                },
                max: 0.8,
                total: 4,
            },
            ..RunPlan::constant(0.8, 4)
        };
        let mut run = Run::new(plan);
        advance(&mut run, &mut model, 1);
        advance(&mut run, &mut model, 3);
        assert_eq!(model.rates, [0.8, 0.8, 0.4, 0.4]);
    }

    #[test]
    fn a_loss_that_is_not_a_number_ends_the_run_as_diverged() {
        let mut model = Script::new(&[1.0, 2.0, f32::INFINITY, 1.0], &[]);
        let mut run = Run::new(RunPlan::constant(0.5, 4));
        let advanced = advance(&mut run, &mut model, 4);
        assert_eq!(advanced.end, Some(RunEnd::Diverged));
        assert_eq!(advanced.losses.len(), 4);
    }

    #[test]
    fn early_stopping_checks_at_its_interval_and_brings_the_best_weights_back() {
        // Checks after steps 2, 4, 6 and 8: the held-out loss is best at the second, then
        // worse twice (patience 2), so the run stops at the fourth and goes back to step 4.
        let mut model = Script::new(&[1.0; 20], &[0.9, 0.5, 0.6, 0.7]);
        let plan = RunPlan {
            patience: 2,
            check_every: 2,
            ..RunPlan::constant(0.1, 20)
        };
        let mut run = Run::new(plan);
        let mut ends = Vec::new();
        while run.end().is_none() {
            // Asked for more than a check's worth, each advance stops at the next check.
            let advanced = advance(&mut run, &mut model, 5);
            assert_eq!(advanced.losses.len(), 2);
            ends.push(advanced.end);
        }
        let stopped = Stopped {
            at: 4,
            best_at: 2,
            best_loss: 0.5,
        };
        assert_eq!(
            ends,
            [None, None, None, Some(RunEnd::EarlyStopped(stopped))]
        );
        assert_eq!(run.steps(), 8);
        assert_eq!(model.at, 4);
    }

    #[test]
    fn a_model_with_epochs_is_checked_at_each_epochs_end_and_limited_in_epochs() {
        // Epochs of 3 steps; held-out losses best after the first epoch, so patience 1 stops
        // the run after the second and goes back to step 3.
        let mut model = Script::new(&[1.0; 30], &[0.5, 0.7]);
        model.epoch = Some(3);
        let plan = RunPlan {
            patience: 1,
            ..RunPlan::constant(0.1, 5)
        };
        let mut run = Run::new(plan);
        let first = advance(&mut run, &mut model, 100);
        assert_eq!((first.losses.len(), first.end, run.epochs()), (3, None, 1));
        let second = advance(&mut run, &mut model, 2);
        assert_eq!((second.losses.len(), second.end), (2, None));
        let third = advance(&mut run, &mut model, 2);
        let stopped = Stopped {
            at: 2,
            best_at: 1,
            best_loss: 0.5,
        };
        assert_eq!(third.end, Some(RunEnd::EarlyStopped(stopped)));
        assert_eq!((third.losses.len(), model.at), (1, 3));

        // Without early stopping, the limit counts epochs, not steps.
        let mut model = Script::new(&[1.0; 30], &[]);
        model.epoch = Some(3);
        let mut run = Run::new(RunPlan::constant(0.1, 2));
        while run.end().is_none() {
            advance(&mut run, &mut model, 100);
        }
        assert_eq!(
            (run.steps(), run.epochs(), run.end()),
            (6, 2, Some(RunEnd::Limit))
        );
    }
}
