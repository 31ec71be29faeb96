//! How messages name a parameter: as a command-line flag or as a Python argument.

/// The caller's spelling of parameter names in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `--t-max` (the `oblique` command line)
    Cli,
    /// `t_max` (the Python package)
    Python,
}

impl Naming {
    /// The name of parameter `param` (given in its Python spelling, e.g. `t_max`).
    pub fn flag(self, param: &str) -> String {
        match self {
            Naming::Cli => format!("--{}", param.replace('_', "-")),
            Naming::Python => param.to_string(),
        }
    }

    /// `message`, written with command-line flags (`lower --n or --batch`), in this
    /// spelling (`lower n or batch` for Python; flags of one word only).
    pub fn respell(self, message: &str) -> String {
        match self {
            Naming::Cli => message.to_string(),
            Naming::Python => message.replace("--", ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Naming;

    #[test]
    fn flags_follow_each_spelling() {
        assert_eq!(Naming::Cli.flag("t_max"), "--t-max");
        assert_eq!(Naming::Python.flag("t_max"), "t_max");
        assert_eq!(Naming::Cli.flag("m"), "--m");
        assert_eq!(
            Naming::Python.respell("lower --n or --batch"),
            "lower n or batch"
        );
        assert_eq!(Naming::Cli.respell("lower --n"), "lower --n");
    }
}
