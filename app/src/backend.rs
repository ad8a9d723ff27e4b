//! Which backend trains, and why: the learner's request (`?backend=`) against what the browser
//! offers. Decided here, as plain data, so the reasons can be tested without a browser.

/// What the learner asked for in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    Auto,
    Cpu,
    WebGpu,
}

impl Requested {
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
}

/// The backend that trains, as the badge shows it, and why, for its tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub webgpu: bool,
    pub reason: String,
}

/// Whether this build's engine worker can train on WebGPU yet.
pub const WEBGPU_ENGINE: bool = false;

pub fn choose(requested: Requested, probe: &Probe) -> Choice {
    let cpu = |reason: String| Choice {
        webgpu: false,
        reason,
    };
    if requested == Requested::Cpu {
        return cpu("The CPU was chosen in the address (?backend=cpu).".into());
    }
    let (name, software) = match probe {
        Probe::NoApi => return cpu("This browser has no WebGPU.".into()),
        Probe::NoAdapter => return cpu("This browser offers no WebGPU adapter.".into()),
        Probe::Failed(why) => return cpu(format!("WebGPU could not be probed: {why}.")),
        Probe::Adapter { name, software } => (name, *software),
    };
    if software && requested == Requested::Auto {
        return cpu(format!(
            "The only WebGPU adapter is a software one ({name}), slower than the CPU backend."
        ));
    }
    if !WEBGPU_ENGINE {
        return cpu(format!(
            "WebGPU is available ({name}), but this build's engine trains on the CPU only."
        ));
    }
    Choice {
        webgpu: true,
        reason: format!("Training on the WebGPU adapter {name}."),
    }
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
        let reason = |requested, probe: &Probe| choose(requested, probe).reason;
        assert!(reason(Requested::Auto, &Probe::NoApi).contains("no WebGPU"));
        assert!(reason(Requested::Auto, &Probe::NoAdapter).contains("no WebGPU adapter"));
        assert!(reason(Requested::Auto, &adapter(true)).contains("software"));
        assert!(reason(Requested::Cpu, &adapter(false)).contains("?backend=cpu"));
        assert!(reason(Requested::Cpu, &Probe::NoAdapter).contains("?backend=cpu"));
        // A software adapter is used only when asked for, and only once the engine supports it.
        assert!(!choose(Requested::Auto, &adapter(true)).webgpu);
        assert_eq!(
            choose(Requested::WebGpu, &adapter(true)).webgpu,
            WEBGPU_ENGINE
        );
        assert_eq!(
            choose(Requested::Auto, &adapter(false)).webgpu,
            WEBGPU_ENGINE
        );
    }
}
