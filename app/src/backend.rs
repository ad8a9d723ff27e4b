//! Which backend trains, and why: the learner's request (`?backend=`) against what the browser
//! offers. Decided here, as plain data, so the reasons can be tested without a browser.

pub use protocol::Backend;

/// What the learner asked for in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    Auto,
    Cpu,
    WebGpu,
}

impl Requested {
    /// The value `?backend=` takes for this request.
    pub fn as_query_value(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Cpu => "cpu",
            Self::WebGpu => "webgpu",
        }
    }

    /// Reads `?backend=...`; an unknown value is reported and treated as `Auto`.
    pub fn from_query(query: &str) -> (Self, Option<String>) {
        let value = query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == "backend")
            .map(|(_, value)| value);
        match value {
            None | Some("auto") => (Self::Auto, None),
            Some("cpu") => (Self::Cpu, None),
            Some("webgpu") => (Self::WebGpu, None),
            Some(other) => (
                Self::Auto,
                Some(format!(
                    "Unknown backend \"{other}\" in the address: use cpu or webgpu. Choosing automatically."
                )),
            ),
        }
    }
}

/// What the browser's WebGPU offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// No `navigator.gpu`.
    NoApi,
    /// `requestAdapter()` gave no adapter.
    NoAdapter,
    Adapter {
        name: String,
        software: bool,
    },
    Failed(String),
    /// `requestAdapter()` had not answered after this many seconds.
    NoAnswer(u32),
}

/// The backend to train on and why, for the badge's tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendChoice {
    pub backend: Backend,
    /// The WebGPU adapter's name, when there is one.
    pub adapter: Option<String>,
    pub reason: String,
}

/// What to train on. The CPU, when asked for, needs no probe of WebGPU; anything else waits for
/// one (`None` until it has answered).
pub fn choose(requested: Requested, probe: Option<&Probe>) -> Option<BackendChoice> {
    let cpu = |reason: String| {
        Some(BackendChoice {
            backend: Backend::Cpu,
            adapter: None,
            reason,
        })
    };
    if requested == Requested::Cpu {
        return cpu("The CPU was chosen (?backend=cpu).".into());
    }
    let (name, software) = match probe? {
        Probe::NoApi => return cpu("This browser has no WebGPU.".into()),
        Probe::NoAdapter => return cpu("This browser offers no WebGPU adapter.".into()),
        Probe::Failed(why) => return cpu(format!("WebGPU could not be probed: {why}.")),
        Probe::NoAnswer(seconds) => {
            return cpu(format!(
                "WebGPU did not answer within {seconds} s, so the CPU trains."
            ));
        }
        Probe::Adapter { name, software } => (name, *software),
    };
    if software && requested == Requested::Auto {
        return cpu(format!(
            "The only WebGPU adapter is a software one ({name}), slower than the CPU backend."
        ));
    }
    let reason = if requested == Requested::WebGpu {
        format!("WebGPU was chosen (?backend=webgpu): training on {name}.")
    } else {
        format!("Training on the WebGPU adapter {name}.")
    };
    Some(BackendChoice {
        backend: Backend::WebGpu,
        adapter: Some(name.clone()),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adapter(software: bool) -> Probe {
        Probe::Adapter {
            name: "SwiftShader".into(),
            software,
        }
    }

    #[test]
    fn reads_the_backend_from_the_address() {
        assert_eq!(Requested::from_query(""), (Requested::Auto, None));
        assert_eq!(
            Requested::from_query("?backend=cpu"),
            (Requested::Cpu, None)
        );
        assert_eq!(
            Requested::from_query("?x=1&backend=webgpu"),
            (Requested::WebGpu, None)
        );
        let (requested, notice) = Requested::from_query("?backend=tpu");
        assert_eq!(requested, Requested::Auto);
        assert!(notice.unwrap().contains("\"tpu\""));
    }

    #[test]
    fn says_why_the_cpu_trains() {
        let reason = |requested, probe: &Probe| choose(requested, Some(probe)).unwrap().reason;
        assert!(reason(Requested::Auto, &Probe::NoApi).contains("no WebGPU"));
        assert!(reason(Requested::Auto, &Probe::NoAdapter).contains("no WebGPU adapter"));
        assert!(reason(Requested::WebGpu, &Probe::NoAdapter).contains("no WebGPU adapter"));
        assert!(reason(Requested::Auto, &adapter(true)).contains("software"));
        assert!(reason(Requested::Cpu, &adapter(false)).contains("?backend=cpu"));
        assert!(reason(Requested::Cpu, &Probe::NoAdapter).contains("?backend=cpu"));
        assert!(reason(Requested::Auto, &Probe::NoAnswer(3)).contains("did not answer within 3 s"));
    }

    #[test]
    fn the_cpu_is_chosen_without_waiting_for_a_probe_and_the_rest_waits() {
        let cpu = choose(Requested::Cpu, None).unwrap();
        assert_eq!(cpu.backend, Backend::Cpu);
        assert_eq!(choose(Requested::Auto, None), None);
        assert_eq!(choose(Requested::WebGpu, None), None);
    }

    #[test]
    fn a_hardware_adapter_trains_and_a_software_one_only_when_asked_for() {
        let choose = |requested, probe: &Probe| choose(requested, Some(probe)).unwrap();
        let hardware = choose(Requested::Auto, &adapter(false));
        assert_eq!(hardware.backend, Backend::WebGpu);
        assert_eq!(hardware.adapter.as_deref(), Some("SwiftShader"));
        assert_eq!(
            choose(Requested::Auto, &adapter(true)).backend,
            Backend::Cpu
        );
        let forced = choose(Requested::WebGpu, &adapter(true));
        assert_eq!(forced.backend, Backend::WebGpu);
        assert!(forced.reason.contains("?backend=webgpu"));
    }

    #[test]
    fn a_request_reads_back_from_its_query_value() {
        for requested in [Requested::Auto, Requested::Cpu, Requested::WebGpu] {
            let query = format!("?backend={}", requested.as_query_value());
            assert_eq!(Requested::from_query(&query), (requested, None));
        }
    }
}
