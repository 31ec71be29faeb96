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

    /// `message`, written with command-line flags (`lower --t-max or --batch`), in this
    /// spelling (`lower t_max or batch` for Python).
    pub fn respell(self, message: &str) -> String {
        if self == Naming::Cli {
            return message.to_string();
        }
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(at) = rest.find("--") {
            out.push_str(&rest[..at]);
            let flag = &rest[at + 2..];
            let end = flag
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(flag.len());
            out.push_str(&flag[..end].replace('-', "_"));
            rest = &flag[end..];
        }
        out.push_str(rest);
        out
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
        assert_eq!(
            Naming::Python.respell("lower --t-max (or --fast-steps/--slow-steps)"),
            "lower t_max (or fast_steps/slow_steps)"
        );
    }
}
