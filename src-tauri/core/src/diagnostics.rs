//! "Copy diagnostics": what support needs to know about this copy of the app, as plain text the
//! user can read before pasting it anywhere. The logs it quotes never hold keys or payment data.

use crate::logs::LogLevel;

/// Log lines quoted at the end of the diagnostics.
pub const DIAGNOSTIC_LOG_LINES: usize = 200;

pub struct Diagnostics {
    pub app_version: String,
    /// The operating system, its version and the architecture, e.g. `Debian 12 (bookworm), x86_64`.
    pub os: String,
    /// The webview engine's version, or why it is unknown.
    pub webview: String,
    pub log_level: LogLevel,
    pub log_folder: String,
    /// The last lines of the logs, oldest first.
    pub log_lines: Vec<String>,
}

impl Diagnostics {
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "Eflow Desk diagnostics\n\
             App version: {}\n\
             Operating system: {}\n\
             Webview: {}\n\
             Log level: {}\n\
             Log folder: {}\n\n",
            self.app_version,
            self.os,
            self.webview,
            self.log_level.as_str(),
            self.log_folder,
        );
        if self.log_lines.is_empty() {
            text.push_str("The logs are empty.\n");
        } else {
            text.push_str(&format!("Last {} log lines:\n", self.log_lines.len()));
            for line in &self.log_lines {
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_fact_and_quotes_the_log_lines_in_order() {
        let diagnostics = Diagnostics {
            app_version: "1.2.3".into(),
            os: "Debian 12 (bookworm), x86_64".into(),
            webview: "WebKitGTK 2.50.1".into(),
            log_level: LogLevel::Debug,
            log_folder: "/home/someone/.local/share/team.eflowdesk.desk/logs".into(),
            log_lines: vec!["first".into(), "second".into()],
        };
        let text = diagnostics.to_text();
        for expected in [
            "App version: 1.2.3",
            "Operating system: Debian 12 (bookworm), x86_64",
            "Webview: WebKitGTK 2.50.1",
            "Log level: debug",
            "Log folder: /home/someone/.local/share/team.eflowdesk.desk/logs",
            "Last 2 log lines:\nfirst\nsecond\n",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
        }
        let empty = Diagnostics { log_lines: Vec::new(), ..diagnostics }.to_text();
        assert!(empty.ends_with("The logs are empty.\n"), "{empty}");
    }
}
