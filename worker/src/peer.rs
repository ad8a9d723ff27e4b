//! The other engine worker of data-parallel training (`engine::digits::data_parallel`), reached
//! over a message port the page hands both workers. Each end works both ways: halves it is handed
//! are computed and answered, and answers wait for the trainer that shared them.

use crate::clock::now;
use engine::digits::TaskData;
use engine::digits::data_parallel::{
    GradientPeer, HalfBatch, HalfGradient, PeerModel, SharedDigits,
};
use protocol::peer::PeerMessage;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, MessagePort, WorkerGlobalScope};

/// How long a half may take the peer beyond ten times the trainer's own: past that the peer is
/// taken to be gone (its worker died, or hangs) and the trainer goes on alone.
const GRACE_MS: f64 = 2_000.0;

pub struct Peer {
    port: MessagePort,
    state: Rc<PortState>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
}

#[derive(Default)]
struct PortState {
    /// The other end said `Hello`: it is up, and takes halves.
    ready: Cell<bool>,
    /// It did not answer in time, or refused: it is not asked again.
    gone: Cell<bool>,
    answer: RefCell<Option<HalfGradient>>,
    /// Resolves the trainer's wait when an answer comes.
    wake: RefCell<Option<js_sys::Function>>,
    /// The model halves from the other end are computed on; taken out while one is.
    model: RefCell<Option<PeerModel>>,
    shared_at: Cell<f64>,
    /// The training digits last sent to the other end.
    sent: RefCell<Option<Arc<TaskData>>>,
    /// The buffer of the last message that came in, to write the next one out into: the two
    /// ends pass the same buffers back and forth instead of the browser mapping fresh memory for
    /// each message (0.63 ms of a 400 kB message, measured).
    spare: RefCell<Option<js_sys::Uint8Array>>,
    pace: RefCell<Pace>,
}

/// Milliseconds per image of the latest chunks trained alone and shared, so `Sharing::Auto`
/// shares only while that is faster: with a small model the two messages of each batch cost more
/// than half its work. Measured afresh each run: another model or batch size has another pace.
#[derive(Default)]
struct Pace {
    alone: Option<f64>,
    shared: Option<f64>,
    chunks: u32,
}

impl Pace {
    /// Every this many chunks, the slower way is tried again, in case it has become the faster
    /// (each try costs a chunk at the slower pace: a tenth of an epoch at 25, measured).
    const RETRY_EVERY: u32 = 100;

    fn share_next(&mut self) -> bool {
        self.chunks += 1;
        match (self.alone, self.shared) {
            (_, None) => true,
            (None, _) => false,
            (Some(alone), Some(shared)) => {
                (shared < alone) != self.chunks.is_multiple_of(Self::RETRY_EVERY)
            }
        }
    }

    fn record(&mut self, shared: bool, ms_per_image: f64) {
        let pace = if shared {
            &mut self.shared
        } else {
            &mut self.alone
        };
        *pace = Some(match *pace {
            Some(before) => 0.5 * (before + ms_per_image),
            None => ms_per_image,
        });
    }
}

impl Peer {
    /// Listens on `port` and says hello.
    pub fn new(port: MessagePort) -> Self {
        let state = Rc::new(PortState {
            model: RefCell::new(Some(PeerModel::new(&engine::cpu_device()))),
            ..PortState::default()
        });
        let (listener, reply) = (state.clone(), port.clone());
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = match event.data().dyn_into::<js_sys::Uint8Array>() {
                Ok(view) => {
                    let bytes = view.to_vec();
                    *listener.spare.borrow_mut() = Some(js_sys::Uint8Array::new(&view.buffer()));
                    bytes
                }
                Err(_) => return,
            };
            match protocol::decode::<PeerMessage>(&bytes) {
                Ok(message) => listener.clone().heard(message, reply.clone()),
                Err(error) => web_sys::console::error_1(&format!("peer: {error}").into()),
            }
        });
        port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let peer = Self {
            port,
            state,
            _on_message: on_message,
        };
        peer.state.send(&peer.port, &PeerMessage::Hello);
        peer
    }

    /// Whether the trainer should not count on it any more.
    pub fn is_gone(&self) -> bool {
        self.state.gone.get()
    }

    /// A new run starts: its pace is measured afresh.
    pub fn new_run(&self) {
        *self.state.pace.borrow_mut() = Pace::default();
    }

    /// Whether to share the next chunk of batches, by the pace so far (`always`: every chunk).
    pub fn share_next(&self, always: bool) -> bool {
        self.state.ready.get() && (always || self.state.pace.borrow_mut().share_next())
    }

    /// A chunk took `ms` for `images`, shared with this peer or not.
    pub fn record(&self, shared: bool, ms: f64, images: usize) {
        if images > 0 {
            self.state
                .pace
                .borrow_mut()
                .record(shared, ms / images as f64);
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.port.set_onmessage(None);
        self.port.close();
    }
}

impl PortState {
    fn heard(self: Rc<Self>, message: PeerMessage, port: MessagePort) {
        match message {
            PeerMessage::Hello => self.ready.set(true),
            PeerMessage::Digits(digits) => {
                let taken = match self.model.borrow_mut().as_mut() {
                    Some(model) => model.take_digits(digits).map_err(|e| e.to_string()),
                    None => Err("the digits came while a half was being computed".into()),
                };
                if let Err(why) = taken {
                    self.send(&port, &PeerMessage::Refused(why));
                }
            }
            PeerMessage::Half(half) => wasm_bindgen_futures::spawn_local(async move {
                let answer = self.compute(half).await;
                self.send(&port, &answer);
            }),
            PeerMessage::Gradient(answer) => {
                *self.answer.borrow_mut() = Some(answer);
                self.wake();
            }
            PeerMessage::Refused(why) => {
                web_sys::console::error_1(
                    &format!("the other engine refused a half: {why}").into(),
                );
                self.gone.set(true);
                self.wake();
            }
        }
    }

    async fn compute(&self, half: HalfBatch) -> PeerMessage {
        let Some(mut model) = self.model.borrow_mut().take() else {
            return PeerMessage::Refused("a half came while one was being computed".into());
        };
        let answer = match model.gradient(half).await {
            Ok(gradient) => PeerMessage::Gradient(gradient),
            Err(error) => PeerMessage::Refused(error.to_string()),
        };
        *self.model.borrow_mut() = Some(model);
        answer
    }

    fn wake(&self) {
        if let Some(resolve) = self.wake.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }

    /// Posts `message`, handing over its buffer (the spare one when it is large enough).
    fn send(&self, port: &MessagePort, message: &PeerMessage) {
        let bytes = protocol::encode(message);
        let len = bytes.len() as u32;
        let buffer = match self.spare.borrow_mut().take() {
            Some(spare) if spare.length() >= len => spare,
            _ => js_sys::Uint8Array::new_with_length(len),
        };
        let view = buffer.subarray(0, len);
        view.copy_from(&bytes);
        let transfer = js_sys::Array::of1(&buffer.buffer());
        if let Err(error) = port.post_message_with_transferable(&view, &transfer) {
            web_sys::console::error_2(&"could not post to the other engine".into(), &error);
        }
    }

    /// Resolves at the next answer, or after `ms`.
    async fn wait(&self, ms: f64) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
            let _ = scope
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.ceil() as i32);
            *self.wake.borrow_mut() = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// The trainer's view: shares while the other end is up and answering.
impl GradientPeer for &Peer {
    fn wants(&self) -> bool {
        self.state.ready.get() && !self.state.gone.get()
    }

    fn share(&mut self, half: HalfBatch, data: &Arc<TaskData>) -> bool {
        let state = &self.state;
        if !self.wants() {
            return false;
        }
        let mut sent = state.sent.borrow_mut();
        if !sent.as_ref().is_some_and(|sent| Arc::ptr_eq(sent, data)) {
            // Once per task: the port keeps order, so they arrive before the half.
            state.send(&self.port, &PeerMessage::Digits(SharedDigits::of(data)));
            *sent = Some(data.clone());
        }
        state.answer.borrow_mut().take();
        state.shared_at.set(now());
        state.send(&self.port, &PeerMessage::Half(half));
        true
    }

    async fn gradient(&mut self) -> Option<HalfGradient> {
        let state = &self.state;
        let deadline = now() + GRACE_MS + 10.0 * (now() - state.shared_at.get());
        loop {
            if let Some(answer) = state.answer.borrow_mut().take() {
                return Some(answer);
            }
            let left = deadline - now();
            if state.gone.get() || left <= 0.0 {
                state.gone.set(true);
                return None;
            }
            state.wait(left).await;
        }
    }
}
