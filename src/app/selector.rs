//! A pick-one list opened over a field: its choices and the highlighted
//! one. State only; `ui::selector` draws it.

/// One choice: the value as the API spells it and its plain label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    choices: Vec<Choice>,
    highlighted: usize,
}

impl Selector {
    /// Opens on the current value when it is one of the choices, else on
    /// the first.
    pub fn new(choices: Vec<Choice>, current: Option<&str>) -> Self {
        let highlighted = current
            .and_then(|value| choices.iter().position(|c| c.value == value))
            .unwrap_or(0);
        Self {
            choices,
            highlighted,
        }
    }

    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    pub fn highlighted(&self) -> usize {
        self.highlighted
    }

    /// The highlighted choice, if there is any choice at all.
    pub fn chosen(&self) -> Option<&Choice> {
        self.choices.get(self.highlighted)
    }

    pub fn up(&mut self) {
        self.highlighted = self.highlighted.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.highlighted + 1 < self.choices.len() {
            self.highlighted += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Vec<Choice> {
        ["a", "b", "c"]
            .map(|v| Choice {
                value: v.into(),
                label: v.to_uppercase(),
            })
            .to_vec()
    }

    #[test]
    fn opens_on_the_current_value_and_stays_in_bounds() {
        let mut s = Selector::new(choices(), Some("b"));
        assert_eq!(s.highlighted(), 1);
        s.down();
        s.down();
        assert_eq!(s.chosen().map(|c| c.value.as_str()), Some("c"));
        s.up();
        s.up();
        s.up();
        assert_eq!(s.highlighted(), 0);
        let read_only_current = Selector::new(choices(), Some("pending"));
        assert_eq!(read_only_current.highlighted(), 0);
        assert_eq!(Selector::new(Vec::new(), None).chosen(), None);
    }
}
