//! The ReLU lab's and the Network playground's side of the worker: one ReLU fit and one
//! playground network, each kept between commands so the page can train them in slices.

use engine::lr_finder::{FinderSpec, find_learning_rate};
use engine::playground::{
    Dataset, DatasetSpec, NetworkSpec, PICTURE_RESOLUTION, PlaygroundTrainer,
};
use engine::relu::{ReluFit, ReluSum};
use engine::{Device, EngineError, Points};
use protocol::Event;
use std::cell::RefCell;

/// A `TrainPlayground` runs about this long before answering: short enough that the display
/// follows at least every other frame.
const TRAIN_SLICE_MS: f64 = 25.0;
/// Batches between looks at the clock inside a slice.
const BATCHES_PER_READ: usize = 5;

#[derive(Default)]
pub struct NetworksLab {
    relu: RefCell<Option<(u64, ReluFit)>>,
    playground: RefCell<Option<Playground>>,
}

struct Playground {
    trainer: PlaygroundTrainer,
    steps: usize,
}

impl NetworksLab {
    pub async fn fit_relus(
        &self,
        run: u64,
        target: &Points,
        start: &ReluSum,
        learning_rate: f32,
        steps: usize,
        device: &Device,
    ) -> Result<Event, EngineError> {
        // Taken out while it runs, so no borrow is held across an await.
        let mut fit = match self.relu.borrow_mut().take() {
            Some((current, fit)) if current == run => fit,
            _ => ReluFit::new(target, start, device)?,
        };
        let result = fit.run(learning_rate, steps).await;
        let steps = fit.steps();
        *self.relu.borrow_mut() = Some((run, fit));
        Ok(Event::RelusFitted {
            run,
            sum: result?,
            steps,
        })
    }

    pub async fn reset_playground(
        &self,
        run: u64,
        data: DatasetSpec,
        network: NetworkSpec,
        device: &Device,
    ) -> Result<Event, EngineError> {
        self.playground.borrow_mut().take();
        let dataset = Dataset::generate(data);
        let trainer =
            PlaygroundTrainer::new(network, dataset.clone(), !data.kind.is_regression(), device)?;
        let event = Event::PlaygroundReady {
            run,
            data: dataset,
            scores: trainer.scores().await?,
            picture: trainer.picture(PICTURE_RESOLUTION).await?,
        };
        *self.playground.borrow_mut() = Some(Playground { trainer, steps: 0 });
        Ok(event)
    }

    pub async fn train_playground(
        &self,
        run: u64,
        learning_rate: f32,
        batch_size: usize,
        max_steps: usize,
        picture: bool,
    ) -> Result<Event, EngineError> {
        let mut playground = self.playground.borrow_mut().take().ok_or_else(no_network)?;
        let result = train_slice(
            &mut playground,
            run,
            learning_rate,
            batch_size,
            max_steps,
            picture,
        )
        .await;
        *self.playground.borrow_mut() = Some(playground);
        result
    }

    pub async fn find_playground_rate(&self, request: u64) -> Result<Event, EngineError> {
        let mut fork = self
            .playground
            .borrow()
            .as_ref()
            .map(|p| p.trainer.clone())
            .ok_or_else(no_network)?;
        let spec = FinderSpec {
            end: 100.0,
            ..FinderSpec::default()
        };
        let curve = find_learning_rate(&mut fork, spec).await?;
        Ok(Event::PlaygroundRates { request, curve })
    }
}

fn no_network() -> EngineError {
    EngineError::InvalidInput("there is no network yet: press Reset".into())
}

async fn train_slice(
    playground: &mut Playground,
    run: u64,
    learning_rate: f32,
    batch_size: usize,
    max_steps: usize,
    picture: bool,
) -> Result<Event, EngineError> {
    let start = js_sys::Date::now();
    let (mut steps, mut diverged) = (0, false);
    while !diverged && steps < max_steps && js_sys::Date::now() - start <= TRAIN_SLICE_MS {
        let batches = BATCHES_PER_READ.min(max_steps - steps);
        let chunk = playground
            .trainer
            .train(learning_rate, batch_size, batches)
            .await?;
        steps += chunk.len();
        diverged = chunk.iter().any(|l| !l.is_finite());
    }
    playground.steps += steps;
    let scores = Some(playground.trainer.scores().await?)
        .filter(|s| !diverged && s.train_loss.is_finite() && s.test_loss.is_finite());
    let picture = if picture && scores.is_some() {
        Some(playground.trainer.picture(PICTURE_RESOLUTION).await?)
    } else {
        None
    };
    Ok(Event::PlaygroundTrained {
        run,
        steps: playground.steps,
        scores,
        picture,
    })
}
