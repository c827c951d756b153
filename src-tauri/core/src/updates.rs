//! Updates of the app itself: where releases are announced, and the plain words for what can go
//! wrong while checking, downloading and installing one. The shell drives Tauri's updater plugin;
//! the rules and the wording live here, so they are tested without a window.

use everflow::validate::FieldError;
use url::Url;

/// The release feed the app checks unless the user set another one in Settings: a static
/// manifest (`version`, `notes`, `pub_date`, and per platform a download `url` and its
/// `signature`), published with every release.
pub const DEFAULT_RELEASE_FEED: &str = "https://releases.eflowdesk.team/desk/latest.json";

/// The settings field that holds the feed's address.
pub const RELEASE_FEED_FIELD: &str = "release_feed";

/// The feed's address, checked: `https://`, or plain `http://` for this computer only (a local
/// release server); an empty field means the default feed.
pub fn release_feed_url(raw: &str) -> Result<Url, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Url::parse(DEFAULT_RELEASE_FEED).expect("the default feed is a URL"));
    }
    let problem = |message: String| FieldError { field: RELEASE_FEED_FIELD.into(), message };
    let url = Url::parse(raw).map_err(|error| {
        problem(format!("The release feed address \"{raw}\" is not a valid web address ({error})."))
    })?;
    let allowed = match url.scheme() {
        "https" => true,
        "http" => everflow::client::is_loopback_host(&url),
        _ => false,
    };
    if !allowed || url.cannot_be_a_base() {
        return Err(problem(format!("The release feed address \"{raw}\" {}", everflow::client::HTTPS_RULE)));
    }
    Ok(url)
}

/// Installing an update (or restarting into one) waits while a change is being applied to Everflow:
/// the apply must finish, be journaled and verified by the version that started it.
pub fn ready_to_install(plans: &crate::plan::PlanStore) -> Result<(), UpdateProblem> {
    if plans.is_applying() {
        Err(UpdateProblem::ApplyRunning)
    } else {
        Ok(())
    }
}

/// What went wrong with an update, in the words the user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateProblem {
    /// The feed or the download could not be reached, or answered with an error status.
    Unreachable,
    /// The feed answered something that is not a release manifest, or none for this system.
    UnreadableFeed,
    /// The download is not signed by the release key the app trusts (or was changed since).
    BadSignature,
    /// The signature was made for another version than the feed announced.
    VersionMismatch,
    /// A change is being applied to Everflow; installing waits for it.
    ApplyRunning,
    /// Nothing was downloaded (or the app restarted since): check again first.
    NothingDownloaded,
    /// Installing failed on this computer (files, permissions, the package manager).
    InstallFailed,
}

impl UpdateProblem {
    pub fn message(self) -> &'static str {
        match self {
            UpdateProblem::Unreachable => {
                "The release feed could not be reached. Check the internet connection (and the feed address in Settings), then try again."
            }
            UpdateProblem::UnreadableFeed => {
                "The release feed did not announce a release for this computer. Check the feed address in Settings."
            }
            UpdateProblem::BadSignature => {
                "The downloaded update is not signed with Eflow Desk's release key, so it was refused and nothing was installed."
            }
            UpdateProblem::VersionMismatch => {
                "The downloaded update was signed for another version than the release feed announced, so it was refused and nothing was installed."
            }
            UpdateProblem::ApplyRunning => {
                "A change is being applied to Everflow. Install the update when it has finished."
            }
            UpdateProblem::NothingDownloaded => "There is no downloaded update to install. Check for updates again.",
            UpdateProblem::InstallFailed => {
                "The update could not be installed on this computer; the version you have keeps working."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_feed_means_the_default_one() {
        assert_eq!(release_feed_url("  ").unwrap().as_str(), DEFAULT_RELEASE_FEED);
    }

    #[test]
    fn the_feed_is_https_or_this_computer() {
        assert!(release_feed_url("https://example.com/latest.json").is_ok());
        assert!(release_feed_url("http://127.0.0.1:4567/latest.json").is_ok());
        assert!(release_feed_url("http://localhost/latest.json").is_ok());
        let plain = release_feed_url("http://releases.example.com/latest.json").unwrap_err();
        assert_eq!(plain.field, "release_feed");
        assert!(plain.message.contains("must start with https://"), "{}", plain.message);
        let garbled = release_feed_url("releases").unwrap_err();
        assert!(garbled.message.contains("not a valid web address"), "{}", garbled.message);
        assert!(release_feed_url("file:///etc/passwd").is_err());
    }

    #[test]
    fn a_refused_signature_says_nothing_was_installed() {
        assert!(UpdateProblem::BadSignature.message().contains("refused"));
        assert!(UpdateProblem::BadSignature.message().contains("nothing was installed"));
    }
}
