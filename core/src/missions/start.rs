//! Where each mission starts: its lab's setup, as that lab's settings table holds it, so "Set up"
//! and `?mission=` put a lab exactly where a link to it could.

use super::MissionId;
use crate::digits::DigitsSetup;
use crate::playground::Activation;
use crate::playground::setup::{overfitting_preset, xor_preset};
use crate::playground::{DatasetKind, Setup as PlaygroundSetup};
use crate::quadratic::QuadraticSetup;
use crate::relu::{Hinge, ReluSetup, ReluSum, Target, TargetCurve};

/// A lab's setup for a mission's start.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    Quadratic(QuadraticSetup),
    Relu(ReluSetup),
    Digits(DigitsSetup),
    Playground(PlaygroundSetup),
}

/// `deeper-not-wider`: the wide network to beat, one hidden layer of this many units.
pub const WIDE_UNITS: usize = 64;

impl MissionId {
    /// The lab's setup this mission starts from: the lab's defaults, apart from what the mission
    /// is about.
    pub fn start(self) -> Start {
        match self {
            Self::ZeroGrad => Start::Quadratic(QuadraticSetup {
                forget_zero_grad: true,
                ..QuadraticSetup::default()
            }),
            Self::ByHand
            | Self::GradientSign
            | Self::OneStep
            | Self::BlowUp
            | Self::MaeVsMse
            | Self::Backward => Start::Quadratic(QuadraticSetup::default()),
            Self::Hinge => Start::Relu(ReluSetup::default()),
            // One unit, bent the wrong way, against max(0, x) itself.
            Self::ReluItself => Start::Relu(ReluSetup {
                sum: ReluSum {
                    hinges: vec![Hinge {
                        m: -1.0,
                        b: 0.5,
                        a: 0.5,
                    }],
                    c: 0.0,
                },
                target: Target::Curve(TargetCurve::Relu),
                ..ReluSetup::default()
            }),
            Self::SevenSteps | Self::BatchSize => Start::Digits(DigitsSetup::default()),
            Self::LossNotAccuracy => Start::Playground(PlaygroundSetup::default()),
            Self::Overfit => Start::Playground(overfitting_preset()),
            Self::XorNeedsNonlinearity => {
                let mut setup = xor_preset(vec![2]);
                setup.network.activation = Activation::Linear;
                Start::Playground(setup)
            }
            Self::DeeperNotWider => {
                let mut setup = PlaygroundSetup::default();
                setup.data.kind = DatasetKind::Spiral;
                setup.network.hidden = vec![WIDE_UNITS];
                setup.network.activation = Activation::Relu;
                Start::Playground(setup)
            }
        }
    }
}

impl Start {
    /// The lab this setup is for, by its key in the address.
    pub fn lab(&self) -> super::LabKey {
        match self {
            Self::Quadratic(_) => "quadratic",
            Self::Relu(_) => "relu",
            Self::Digits(_) => "digits",
            Self::Playground(_) => "playground",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::missions::checks;
    use crate::settings::LabSetup;

    /// A start is one a link could carry: its lab's table reads its pairs back without refusing
    /// one, to the same setup.
    #[test]
    fn every_start_is_its_labs_and_a_link_could_carry_it() {
        fn round_trip<S: LabSetup + PartialEq + std::fmt::Debug>(setup: &S) {
            let pairs = setup.to_pairs();
            let (read, refused) = S::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
            assert_eq!(refused, Vec::<String>::new());
            assert_eq!(&read, setup);
        }
        for id in MissionId::ALL {
            let start = id.start();
            assert_eq!(start.lab(), id.mission().lab, "{}", id.key());
            match &start {
                Start::Quadratic(setup) => round_trip(setup),
                Start::Relu(setup) => round_trip(setup),
                Start::Digits(setup) => round_trip(setup),
                Start::Playground(setup) => {
                    let pairs = setup.to_pairs();
                    let (read, problems) =
                        PlaygroundSetup::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
                    assert_eq!(problems, Default::default(), "{}", id.key());
                    assert_eq!(&read, setup, "{}", id.key());
                }
            }
        }
    }

    #[test]
    fn the_relu_missions_are_not_done_at_their_start() {
        for id in [MissionId::Hinge, MissionId::ReluItself] {
            let Start::Relu(setup) = id.start() else {
                panic!("{} is a ReLU mission", id.key());
            };
            assert!(!checks::hinge(&setup.sum), "{}", id.key());
            assert!(!checks::relu_itself(&setup.sum), "{}", id.key());
        }
    }

    #[test]
    fn the_wide_network_is_one_layer_with_more_weights_than_a_deeper_narrow_one() {
        let Start::Playground(setup) = MissionId::DeeperNotWider.start() else {
            panic!("a playground mission");
        };
        let inputs = setup.network.features.len();
        assert_eq!(setup.network.hidden, [WIDE_UNITS]);
        // 2·64 + 64 + 64 + 1 weights and biases against three layers of eight.
        assert_eq!(checks::weights(&setup.network.hidden, inputs), 257);
        assert!(checks::weights(&[8, 8, 8], inputs) < 257);
    }
}
