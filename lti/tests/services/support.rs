//! The captured Moodle exchange, looked up by step name.

use serde_json::Value;

const EXCHANGE: &str = include_str!("../fixtures/moodle-4.3/services-ags-nrps-exchange.json");

/// One captured request and response.
pub struct Step(Value);

/// The step called `name` (`token`, `ags-lineitems`, ...).
pub fn step(name: &str) -> Step {
    let all: Vec<Value> = serde_json::from_str(EXCHANGE).unwrap();
    let found = all.into_iter().find(|s| s["name"] == name);
    Step(found.unwrap_or_else(|| panic!("no step {name} in the Moodle exchange")))
}

impl Step {
    pub fn url(&self) -> &str {
        self.0["url"].as_str().unwrap()
    }

    pub fn status(&self) -> u16 {
        u16::try_from(self.0["status"].as_u64().unwrap()).unwrap()
    }

    /// The response body exactly as Moodle sent it.
    pub fn body(&self) -> &[u8] {
        self.0["resp_body"].as_str().unwrap().as_bytes()
    }

    pub fn req_body(&self) -> &Value {
        &self.0["req_body"]
    }

    pub fn req_header(&self, name: &str) -> &str {
        self.0["req_headers"][name].as_str().unwrap()
    }

    pub fn resp_header(&self, name: &str) -> &str {
        let headers = self.0["resp_headers"].as_object().unwrap();
        let found = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name));
        found.and_then(|(_, v)| v.as_str()).unwrap()
    }
}

/// Asserts two JSON documents are equal, numbers compared by value (`87.0` equals `87`).
pub fn same_json(ours: &Value, theirs: &Value) {
    assert_eq!(
        normalised(ours),
        normalised(theirs),
        "ours: {ours}\ntheirs: {theirs}"
    );
}

fn normalised(value: &Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map_or(Value::Null, Value::from),
        Value::Array(items) => items.iter().map(normalised).collect(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), normalised(v)))
            .collect(),
        other => other.clone(),
    }
}
