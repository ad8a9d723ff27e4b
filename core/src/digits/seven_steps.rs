//! fastbook's seven steps of training, the stages a batch goes through.

/// fastbook's seven steps of training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Initialise,
    Predict,
    Loss,
    Gradient,
    Step,
    Repeat,
    Stop,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Self::Initialise,
        Self::Predict,
        Self::Loss,
        Self::Gradient,
        Self::Step,
        Self::Repeat,
        Self::Stop,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Initialise => "Initialise",
            Self::Predict => "Predict",
            Self::Loss => "Loss",
            Self::Gradient => "Gradient",
            Self::Step => "Step",
            Self::Repeat => "Repeat",
            Self::Stop => "Stop",
        }
    }

    /// The next stage of one batch walked through by hand; `None` after Repeat.
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Predict => Some(Self::Loss),
            Self::Loss => Some(Self::Gradient),
            Self::Gradient => Some(Self::Step),
            Self::Step => Some(Self::Repeat),
            _ => None,
        }
    }

    /// While training runs, every slice answered passes through the loop's stages once more.
    pub fn next_while_training(self) -> Self {
        self.next().unwrap_or(Self::Predict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_batch_walks_from_predict_to_repeat_and_training_loops() {
        let mut walked = vec![Stage::Predict];
        while let Some(next) = walked.last().unwrap().next() {
            walked.push(next);
        }
        assert_eq!(walked, &Stage::ALL[1..6]);
        assert_eq!(Stage::Repeat.next_while_training(), Stage::Predict);
    }
}
