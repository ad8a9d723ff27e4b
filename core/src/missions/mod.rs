//! Missions: the lesson's questions as tasks a lab sets and checks. The catalogue (ids fixed, so
//! links to a mission last), a mission's status, the progress a browser keeps, and the checks
//! (`checks`), each computed from a lab's state, never from the page's text.

pub mod checks;
mod start;

pub use start::{Start, WIDE_UNITS};

/// Every mission, in the lesson's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissionId {
    ByHand,
    GradientSign,
    OneStep,
    BlowUp,
    MaeVsMse,
    ZeroGrad,
    Backward,
    Hinge,
    ReluItself,
    SevenSteps,
    BatchSize,
    LossNotAccuracy,
    Overfit,
    XorNeedsNonlinearity,
    DeeperNotWider,
}

/// The lab a mission is set in, by its key in the address (`?lab=`).
pub type LabKey = &'static str;

/// What a mission asks, and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mission {
    pub id: MissionId,
    pub lab: LabKey,
    /// The task, in one sentence.
    pub task: &'static str,
    /// Said on request: a nudge, never the answer.
    pub hint: &'static str,
    /// Said once done: what it showed, and which idea of the lesson it is.
    pub explanation: &'static str,
}

impl MissionId {
    pub const ALL: [Self; 15] = [
        Self::ByHand,
        Self::GradientSign,
        Self::OneStep,
        Self::BlowUp,
        Self::MaeVsMse,
        Self::ZeroGrad,
        Self::Backward,
        Self::Hinge,
        Self::ReluItself,
        Self::SevenSteps,
        Self::BatchSize,
        Self::LossNotAccuracy,
        Self::Overfit,
        Self::XorNeedsNonlinearity,
        Self::DeeperNotWider,
    ];

    /// Its id in the address (`?mission=`) and in the kept progress; never changes.
    pub fn key(self) -> &'static str {
        match self {
            Self::ByHand => "by-hand",
            Self::GradientSign => "gradient-sign",
            Self::OneStep => "one-step",
            Self::BlowUp => "blow-up",
            Self::MaeVsMse => "mae-vs-mse",
            Self::ZeroGrad => "zero-grad",
            Self::Backward => "backward",
            Self::Hinge => "hinge",
            Self::ReluItself => "relu-itself",
            Self::SevenSteps => "seven-steps",
            Self::BatchSize => "batch-size",
            Self::LossNotAccuracy => "loss-not-accuracy",
            Self::Overfit => "overfit",
            Self::XorNeedsNonlinearity => "xor-needs-nonlinearity",
            Self::DeeperNotWider => "deeper-not-wider",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|id| id.key() == key)
    }

    pub fn mission(self) -> Mission {
        let (lab, task, hint, explanation) = match self {
            Self::ByHand => (
                "quadratic",
                "With the sliders alone, bring the MSE within 10% of the lowest any quadratic reaches on these points.",
                "Move one coefficient at a time and watch the MSE: keep each move that lowers it.",
                "You did by hand what gradient descent does: change a parameter, see whether the loss falls, keep the change if it does. Doing it slider by slider is slow even with three parameters; a network has thousands, which is why the lesson computes the gradient instead of guessing.",
            ),
            Self::GradientSign => (
                "quadratic",
                "Say which way c should move from the sign of ∂L/∂c, then move c until |∂L/∂c| is below 0.05, with a and b held.",
                "The gradient points uphill: a positive slope means a larger c makes the loss larger.",
                "The gradient's sign says which way is uphill, so a step against it lowers the loss; where it reaches zero, c is at its best for the a and b you hold. That is all a gradient tells you, and all gradient descent needs.",
            ),
            Self::OneStep => (
                "quadratic",
                "Type where a will be after one Step, then press Step: right within 1%.",
                "One step moves a by the learning rate times ∂L/∂a, against its sign.",
                "A step is new = old − rate × gradient, nothing more: the parameter moves against the slope by the rate times the slope. With that line you can predict any step, and it is the update every optimizer in the lesson starts from.",
            ),
            Self::BlowUp => (
                "quadratic",
                "Make Train stop because the loss blew up; then train to convergence with a rate within 20% of the largest stable rate.",
                "Try a rate well above the largest stable rate the page shows, then one just under it.",
                "Above 2/λmax each step overshoots the minimum by more than it was away, so the loss grows without end; just under it, training is as fast as it can be without blowing up. A learning rate is only too high relative to how curved the loss is.",
            ),
            Self::MaeVsMse => (
                "quadratic",
                "Drag one point far away; fit with MSE, then with MAE: the MAE fit must move less at the other points.",
                "Squaring makes a far point weigh much more than a near one.",
                "The MSE squares each gap, so one far-off point pulls the whole curve towards it; the MAE counts every gap as it is, so the curve stays with the many. Which loss you choose decides what a good fit means.",
            ),
            Self::ZeroGrad => (
                "quadratic",
                "With \"forget to zero the gradients\", train until the loss is 50% above its lowest; then untick it and reach the minimum.",
                "Without zeroing, each step adds the new gradient to all the old ones.",
                "Gradients accumulate in PyTorch until zero_grad() clears them, so forgetting it makes every step carry all the earlier slopes and overshoot. Zeroing each step lets descent follow the slope where it stands.",
            ),
            Self::Backward => (
                "quadratic",
                "Run Backward and type the local gradient of the node the page picks.",
                "A node's local gradient is how its output changes with its input, all else held.",
                "Backpropagation multiplies local gradients along the graph, from the loss back to each parameter: the chain rule, one node at a time. Every framework's autograd does exactly this.",
            ),
            Self::Hinge => (
                "relu",
                "Put a unit's hinge at x = 1 using its b and m, within 0.05.",
                "The hinge is where m·x + b crosses zero.",
                "A ReLU unit is zero up to where m·x + b crosses zero, at x = −b/m, and a straight line after. Its m and b place that bend anywhere, which is what lets a sum of units bend a line into any shape.",
            ),
            Self::ReluItself => (
                "relu",
                "With one unit, build max(0, x) on [−2, 2].",
                "Think of what m, b and the weight must be for the unit to be x itself past zero.",
                "max(0, x) is one ReLU with m = 1, b = 0 and weight 1: the simplest nonlinearity there is. Everything the lab builds is sums of this one shape, moved and scaled.",
            ),
            Self::SevenSteps => (
                "digits",
                "Put the seven steps in order, then walk \"One batch, stage by stage\" to the Step.",
                "What must exist before a prediction can be made, and what comes after the loss?",
                "Initialise, predict, loss, gradient, step, repeat, stop: the book's seven steps are the whole of training, for a line or for a CNN. Walking one batch through them shows each is a small, exact computation.",
            ),
            Self::BatchSize => (
                "digits",
                "Train the same model at the smallest and the largest batch for the same number of samples, and say which curve is noisier.",
                "Each step's gradient is an average over its batch.",
                "A small batch averages over few samples, so its gradient, and the loss after each step, jumps about; a large batch gives smoother steps but fewer of them for the same samples. Batch size trades noise against the number of updates.",
            ),
            Self::LossNotAccuracy => (
                "playground",
                "Take Steps until the loss has changed while the accuracy has not.",
                "Accuracy only counts points that cross the boundary; the loss feels every nudge.",
                "Accuracy changes only when a point's prediction crosses to the other class, so most small steps leave it flat; the loss moves with every step. That is why training follows the loss and people read the accuracy.",
            ),
            Self::Overfit => (
                "playground",
                "Run the overfitting preset until the test loss is above its minimum, then get the best network back with early stopping.",
                "Watch the test loss, not the training loss.",
                "Past a point the network learns the training points' noise: the training loss keeps falling while the test loss rises. Early stopping keeps the network from when the test loss was lowest.",
            ),
            Self::XorNeedsNonlinearity => (
                "playground",
                "Show that XOR with x₁ and x₂ only and linear activations stays under 80% test accuracy at any depth, while ReLU passes 95%.",
                "Stack linear layers and multiply out what they compute.",
                "Linear layers stacked are still one linear map, and no straight line separates XOR's corners. A nonlinearity between the layers is what lets depth build new boundaries: the reason for ReLU after a linear layer.",
            ),
            Self::DeeperNotWider => (
                "playground",
                "Reach 90% test accuracy on the spiral with fewer weights than the given wide network, by going deeper.",
                "Compare the parameter counts the page shows for each network.",
                "Each layer can fold what the one before made, so depth builds complex boundaries from few weights where width needs many. That is why the networks in the book grow deeper rather than wider.",
            ),
        };
        Mission {
            id: self,
            lab,
            task,
            hint,
            explanation,
        }
    }
}

/// Where a learner is with a mission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
}

/// The missions a learner has done, as the browser keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    done: Vec<MissionId>,
}

impl Progress {
    /// Marks `id` done (once).
    pub fn finish(&mut self, id: MissionId) {
        if !self.done.contains(&id) {
            self.done.push(id);
        }
    }

    pub fn is_done(&self, id: MissionId) -> bool {
        self.done.contains(&id)
    }

    /// A mission's status: done if it was ever done, in progress if it is the one set up now.
    pub fn status(&self, id: MissionId, current: Option<MissionId>) -> Status {
        match (self.is_done(id), current == Some(id)) {
            (true, _) => Status::Done,
            (false, true) => Status::InProgress,
            (false, false) => Status::NotStarted,
        }
    }

    /// As kept: the done missions' ids, comma-separated, in the order they were done.
    pub fn to_text(&self) -> String {
        let keys: Vec<_> = self.done.iter().map(|id| id.key()).collect();
        keys.join(",")
    }

    /// Reads kept progress; an unknown or repeated id means the store is not this page's, and
    /// is refused whole (the page moves it aside and says so).
    pub fn from_text(text: &str) -> Result<Self, String> {
        let mut progress = Self::default();
        if text.is_empty() {
            return Ok(progress);
        }
        for key in text.split(',') {
            let id = MissionId::from_key(key).ok_or_else(|| {
                format!("\"{}\" is not a mission", crate::settings::shown("id", key))
            })?;
            if progress.is_done(id) {
                return Err(format!("\"{key}\" is listed twice"));
            }
            progress.finish(id);
        }
        Ok(progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_read_back() {
        for id in MissionId::ALL {
            assert_eq!(MissionId::from_key(id.key()), Some(id));
            let mission = id.mission();
            assert_eq!(mission.id, id);
            assert!(mission.task.ends_with('.'), "{}", id.key());
            assert!(mission.hint.ends_with(['.', '?']), "{}", id.key());
            let sentences = mission.explanation.matches(". ").count() + 1;
            assert!(
                (2..=4).contains(&sentences),
                "{}: {sentences} sentences",
                id.key()
            );
        }
        let keys: std::collections::HashSet<_> = MissionId::ALL.map(MissionId::key).into();
        assert_eq!(keys.len(), 15);
        assert_eq!(MissionId::from_key("by_hand"), None);
    }

    #[test]
    fn the_missions_go_through_the_labs_in_the_lessons_order() {
        let labs: Vec<_> = MissionId::ALL.map(|id| id.mission().lab).to_vec();
        let mut order = labs.clone();
        order.dedup();
        assert_eq!(order, ["quadratic", "relu", "digits", "playground"]);
    }

    #[test]
    fn progress_keeps_what_was_done_and_refuses_a_store_not_its_own() {
        let mut progress = Progress::default();
        assert_eq!(
            progress.status(MissionId::Hinge, Some(MissionId::Hinge)),
            Status::InProgress
        );
        assert_eq!(progress.status(MissionId::Hinge, None), Status::NotStarted);
        progress.finish(MissionId::Hinge);
        progress.finish(MissionId::ByHand);
        progress.finish(MissionId::Hinge);
        assert_eq!(progress.to_text(), "hinge,by-hand");
        assert_eq!(Progress::from_text("hinge,by-hand"), Ok(progress.clone()));
        assert_eq!(progress.status(MissionId::Hinge, None), Status::Done);
        assert_eq!(Progress::from_text(""), Ok(Progress::default()));
        for bad in ["hinge,hinge", "hinge,", "<b>", "by_hand", "{\"done\":[]}"] {
            assert!(Progress::from_text(bad).is_err(), "{bad}");
        }
    }
}
