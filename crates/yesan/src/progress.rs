//! The import's progress bar: what `yesan-app` reports while reading a
//! file, drawn on stderr when a person watches and the file is large.

use yesan_app::import::Watch;

/// A progress bar on stderr for large files, only when a person watches.
pub struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    /// A bar for a file of `total` bytes (none when stderr is no terminal
    /// or the file is small).
    pub fn new(total: u64) -> Bar {
        use std::io::IsTerminal;
        if !std::io::stderr().is_terminal() || total < 1 << 20 {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} 읽는 중 / reading {bar:40} {percent:>3}% {msg} ({eta})",
        ) {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }
}

impl Watch for Bar {
    fn progress(&mut self, done: u64, _total: u64) {
        if let Some(b) = &self.0 {
            b.set_position(done);
        }
    }

    fn finished(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
