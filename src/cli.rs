//! Command-line definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tickwire",
    version,
    about = "AI headlines linked to the stocks they move, beside live quotes, in your terminal",
    long_about = None
)]
pub struct Cli {
    /// Config file [default: $TICKWIRE_CONFIG, else ~/.config/tickwire/config.toml, else the embedded default]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Where the store and logs live [default: the XDG data and state dirs]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Also append every event the monitor receives to FILE (JSON lines; a name ending in .gz is compressed)
    #[arg(long, global = true, value_name = "FILE", conflicts_with_all = ["replay", "demo"])]
    pub record: Option<PathBuf>,

    /// Play a recording instead of polling (p pause, +/- speed, n/N headlines, ]/[ big moves, t time)
    #[arg(long, global = true, value_name = "FILE")]
    pub replay: Option<PathBuf>,

    /// Play the built-in recording of the DeepSeek week (13 Jan - 7 Feb 2025); no network needed
    #[arg(long, global = true, conflicts_with = "replay")]
    pub demo: bool,

    /// Replay speed, 1 to 3600 [default: the recording's, else 1]
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub speed: Option<u32>,

    /// Follow a desk's collector on NATS (nats://HOST:PORT) instead of polling [default: [bus] url]
    #[arg(long, global = true, value_name = "URL", conflicts_with_all = ["replay", "demo"])]
    pub bus: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal monitor (the default)
    Tui,
    /// Poll every feed and symbol once and print the result
    Snapshot {
        /// Print one JSON document instead of text
        #[arg(long)]
        json: bool,
        /// Give up on sources still pending after this long [default: [snapshot] deadline]
        #[arg(long, value_name = "DURATION")]
        deadline: Option<humantime::Duration>,
        /// With --replay/--demo: the state as it was at TIME (e.g. 2025-01-27T21:30:00Z) [default: the end]
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// With --bus: after the board, print every event as it arrives (JSON lines)
        #[arg(long, requires = "bus")]
        follow: bool,
    },
    /// Poll every feed and symbol and publish them to the desk's bus (needs --bus or [bus] url)
    Collect,
    /// Classify headlines read one per line from stdin
    Classify {
        /// One JSON object per line instead of text
        #[arg(long)]
        json: bool,
    },
    /// Validate a config file (default: the one tickwire would use)
    CheckConfig {
        /// File to check
        path: Option<PathBuf>,
    },
    /// Add the feeds of an OPML file to the config file, keeping its comments
    ImportOpml {
        /// OPML file (as exported by newsboat and other feed readers)
        file: PathBuf,
    },
    /// Print the configured feeds as OPML
    ExportOpml,
}
