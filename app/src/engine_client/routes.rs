//! Where answers go: each lab's answer type names the lab that takes it, so an answer reaches the
//! lab whose request it answers, typed, with no catch-all.

use protocol::{Event, LabKind, RequestId};
use std::cell::OnceCell;
use std::rc::Rc;

/// What the engine tells a lab besides its answers.
pub trait LabControl: 'static {
    /// Request `id` could not be done; `message` says why.
    fn failed(&self, id: RequestId, message: String);
    /// The lab's worker was replaced: nothing sent before reaches the new one, and no answer to
    /// it will come. Send what the new worker needs to carry on.
    fn restarted(&self);
}

/// A lab and the answers it takes.
pub trait TakesAnswers: LabControl {
    type Event: Routed;
    fn answer(&self, id: RequestId, event: Self::Event);
}

/// A lab's answer type, and where the lab that takes it is kept.
pub trait Routed: Sized + 'static {
    fn route(routes: &Routes) -> &OnceCell<Rc<dyn TakesAnswers<Event = Self>>>;
}

type Route<E> = OnceCell<Rc<dyn TakesAnswers<Event = E>>>;

/// Each lab's route, from the one list of labs (`protocol::with_labs!`).
macro_rules! routes {
    ($($variant:ident($module:ident, $key:literal, $label:literal, $slot:ident, $page:ident)),* $(,)?) => {
        #[derive(Default)]
        pub struct Routes {
            $($module: Route<protocol::$module::Event>),*
        }

        $(
            impl Routed for protocol::$module::Event {
                fn route(routes: &Routes) -> &Route<Self> {
                    &routes.$module
                }
            }
        )*

        impl Routes {
            pub(super) fn deliver(&self, id: RequestId, event: Event) {
                fn answer<E: Routed>(route: &Route<E>, id: RequestId, event: E) {
                    if let Some(lab) = route.get().cloned() {
                        lab.answer(id, event);
                    }
                }
                match event {
                    $(Event::$variant(event) => answer(&self.$module, id, event)),*
                }
            }

            pub(super) fn control(&self, lab: LabKind) -> Option<Rc<dyn LabControl>> {
                fn upcast<E: Routed>(route: &Route<E>) -> Option<Rc<dyn LabControl>> {
                    route.get().map(|lab| lab.clone() as Rc<dyn LabControl>)
                }
                match lab {
                    $(LabKind::$variant => upcast(&self.$module)),*
                }
            }
        }
    };
}

protocol::with_labs!(routes);
