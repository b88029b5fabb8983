//! The run's live variables: the plan's (from the scenario and the
//! command line), then what fixtures capture and creates produce; steps
//! fill their paths and bodies from them. Shared by concurrent reads.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::Value;

use crate::plan::template_names;

pub(crate) struct Variables(Mutex<BTreeMap<String, String>>);

impl Variables {
    pub(crate) fn new(initial: BTreeMap<String, String>) -> Variables {
        Variables(Mutex::new(initial))
    }

    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.0.lock().ok()?.get(name).cloned()
    }

    pub(crate) fn set(&self, name: &str, value: String) {
        if let Ok(mut v) = self.0.lock() {
            v.insert(name.to_string(), value);
        }
    }

    /// `{name}` placeholders filled with live values; the first missing
    /// name is the error.
    pub(crate) fn fill(&self, template: &str) -> Result<String, String> {
        let mut out = template.to_string();
        for name in template_names(template) {
            let value = self.get(&name).ok_or(name.clone())?;
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        Ok(out)
    }

    /// Every string in `body` filled (see [`Variables::fill`]).
    pub(crate) fn fill_body(&self, body: &mut Value) -> Result<(), String> {
        match body {
            Value::String(s) if !template_names(s).is_empty() => {
                *s = self.fill(s)?;
            }
            Value::Array(items) => items.iter_mut().try_for_each(|i| self.fill_body(i))?,
            Value::Object(map) => map.values_mut().try_for_each(|v| self.fill_body(v))?,
            _ => {}
        }
        Ok(())
    }
}
