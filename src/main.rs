//! Thin entry point: parse the command line, load the config, dispatch,
//! map errors to exit codes (0 ok, 1 nothing worked, 2 bad config/usage).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use clap::Parser;
use tickwire::cli::{Cli, Command};
use tickwire::config::{self, ConfigOrigin};
use tickwire::event::{Recorder, Recording, read_recording};
use tickwire::headless;
use tickwire::sources::http::HttpClient;
use tickwire::tui::keymap::Keymap;
use tickwire::tui::runtime::Source;
use tickwire::wiring::playback::Playback;
use tickwire::wiring::{App, WiringError};

fn main() -> ExitCode {
    tickwire::sources::sanitize::install_panic_filter();
    let cli = Cli::parse();
    let origin = config::locate(
        cli.config.as_deref(),
        std::env::var_os("TICKWIRE_CONFIG").map(PathBuf::from),
        config::xdg_config_file(),
    );
    if let Some(Command::CheckConfig { path }) = &cli.command {
        return check_config(path.clone().map(ConfigOrigin::Flag).unwrap_or(origin));
    }
    if let Some(Command::ImportOpml { file }) = &cli.command {
        return import_opml(file, origin);
    }
    let mut app = match load_app(&origin) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("tickwire: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(cli.data_dir.clone());
    warn_key_exposure(&origin);
    app.data_dir = cli.data_dir.clone().or_else(|| {
        directories::ProjectDirs::from("", "", "tickwire").map(|d| d.data_dir().to_path_buf())
    });
    let replay = match recording(&cli) {
        Ok(recording) => {
            recording.map(|r| tickwire::wiring::playback::prepare(&mut app, r, cli.speed))
        }
        Err(e) => {
            eprintln!("tickwire: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let command = cli.command.unwrap_or(Command::Tui);
    let bus = match (&command, cli.bus.as_deref()) {
        (Command::Collect, flag) | (_, flag @ Some(_)) => match bus_settings(&app, flag) {
            Ok(settings) => Some(settings),
            Err(e) => {
                eprintln!("tickwire: {e}");
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    match run(command, app, replay, cli.record, bus) {
        Ok(code) => code,
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            // Not eprintln!: with the terminal gone it would panic.
            let _ = writeln!(std::io::stderr(), "tickwire: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The config as found, built into an app: a bad file or a config that
/// cannot run is the same kind of error (exit 2).
fn load_app(origin: &ConfigOrigin) -> anyhow::Result<App> {
    let app = App::new(config::load(origin)?)?;
    Keymap::from_config(&app.config)?;
    Ok(app)
}

/// The desk bus: `--bus` (else [bus] url), credentials from the config or
/// the environment.
fn bus_settings(app: &App, flag: Option<&str>) -> Result<tickwire::bus::Settings, WiringError> {
    let env = |name: &str| std::env::var(name).ok();
    tickwire::bus::Settings::from_config(&app.config.bus, flag, &env).map_err(|message| {
        WiringError {
            origin: app.config.origin.clone(),
            message,
        }
    })
}

/// `--demo` or `--replay FILE`, read (what could not be read is counted
/// and said, never fatal).
fn recording(cli: &Cli) -> anyhow::Result<Option<Recording>> {
    let recording = if cli.demo {
        tickwire::event::demo::recording()
    } else if let Some(path) = &cli.replay {
        read_recording(path).with_context(|| format!("cannot read {}", path.display()))?
    } else {
        return Ok(None);
    };
    let skipped = &recording.skipped;
    if skipped.total() > 0 {
        tracing::warn!(?skipped, "parts of the recording skipped");
        eprintln!(
            "tickwire: skipped {} unknown events and {} unreadable lines of the recording",
            skipped.unknown_events, skipped.unreadable
        );
    }
    Ok(Some(recording))
}

/// `replay`: a recording made ready to play; `record`: where the monitor
/// also writes what it receives.
fn run(
    command: Command,
    app: App,
    replay: Option<Playback>,
    record: Option<PathBuf>,
    bus: Option<tickwire::bus::Settings>,
) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match command {
        Command::Tui => {
            let recorder = record
                .map(|path| {
                    Recorder::create(
                        &path,
                        tickwire::wiring::playback::header(&app),
                        Utc::now(),
                        app.config.record,
                    )
                    .with_context(|| format!("cannot record to {}", path.display()))
                })
                .transpose()?;
            let source = match (replay, bus) {
                (Some(playback), _) => Source::Replay(Box::new(playback)),
                (None, Some(bus)) => Source::Bus(Box::new(bus), recorder),
                (None, None) => Source::Live(recorder),
            };
            runtime.block_on(tickwire::tui::runtime::run(app, source))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Snapshot {
            json,
            deadline,
            at,
            follow,
        } => {
            if record.is_some() {
                anyhow::bail!("--record records the monitor, not a snapshot");
            }
            let deadline = deadline
                .map(Into::into)
                .unwrap_or(app.config.snapshot.deadline.0);
            if let Some(bus) = bus {
                let mut out = std::io::stdout().lock();
                let doc = runtime.block_on(headless::desk::snapshot(
                    &app, &bus, deadline, follow, &mut out,
                ))?;
                return Ok(match doc {
                    Some(doc) => print_doc(&doc, json, &mut out)?,
                    None => ExitCode::SUCCESS,
                });
            }
            let doc = match (replay, at) {
                (Some(playback), at) => headless::replayed(&app, playback, at.as_deref())?,
                (None, Some(_)) => anyhow::bail!("--at needs --replay FILE or --demo"),
                (None, None) => {
                    let client = HttpClient::new(app.http_settings())?;
                    runtime.block_on(headless::snapshot(&app, &client, deadline))
                }
            };
            print_doc(&doc, json, &mut std::io::stdout().lock())
        }
        Command::Collect => {
            let bus = bus.expect("settings made for collect");
            runtime.block_on(tickwire::bus::collect::run(&app, &bus))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Classify { json } => {
            tickwire::headless::classify(
                &app.judge,
                std::io::stdin().lock(),
                &mut std::io::stdout().lock(),
                json,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::ExportOpml => {
            std::io::stdout()
                .lock()
                .write_all(tickwire::headless::export_opml(&app.config.feeds).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::CheckConfig { .. } | Command::ImportOpml { .. } => {
            unreachable!("handled before the config is loaded")
        }
    }
}

/// A snapshot as JSON or text; exit 1 when no source answered.
fn print_doc(
    doc: &headless::SnapshotDoc,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    // Stdout is line-buffered: a document of 25,000 headlines would be a
    // write per line.
    let mut out = std::io::BufWriter::new(out);
    if json {
        headless::write_json(doc, &mut out)?;
    } else {
        headless::write_text(doc, &mut out)?;
    }
    out.flush()?;
    Ok(if doc.any_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

fn check_config(origin: ConfigOrigin) -> ExitCode {
    let name = match &origin {
        ConfigOrigin::Embedded => config::EMBEDDED_NAME.to_string(),
        ConfigOrigin::Flag(p) | ConfigOrigin::Env(p) | ConfigOrigin::Xdg(p) => {
            p.display().to_string()
        }
    };
    warn_key_exposure(&origin);
    match load_app(&origin) {
        Ok(app) => {
            println!("{name}: ok: {}", app.summary());
            for line in app.quote_outlook() {
                println!("  {line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tickwire: {e}");
            ExitCode::from(2)
        }
    }
}

/// Before the screen is taken, so the user sees it after quitting too.
fn warn_key_exposure(origin: &ConfigOrigin) {
    if let ConfigOrigin::Flag(p) | ConfigOrigin::Env(p) | ConfigOrigin::Xdg(p) = origin
        && let Some(warning) = config::key_exposure(p)
    {
        eprintln!("tickwire: {warning}");
        tracing::warn!("{warning}");
    }
}

/// Merge into the config file tickwire would read; without one, create
/// the XDG config file from the embedded default.
fn import_opml(file: &std::path::Path, origin: ConfigOrigin) -> ExitCode {
    let target = match origin {
        ConfigOrigin::Flag(p) | ConfigOrigin::Env(p) | ConfigOrigin::Xdg(p) => Some(p),
        ConfigOrigin::Embedded => config::xdg_config_file(),
    };
    let Some(target) = target else {
        eprintln!("tickwire: no config file location; pass --config PATH");
        return ExitCode::from(2);
    };
    match tickwire::headless::import_file(file, &target) {
        Ok(added) => {
            println!("{}: added {added} feeds", target.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tickwire: {e}");
            ExitCode::from(2)
        }
    }
}

/// Logs go to a file, never to the terminal the TUI owns. Failing to open
/// the log file is not fatal: tickwire runs without logs.
fn init_logging(data_dir: Option<PathBuf>) {
    let dir = data_dir.or_else(|| {
        directories::ProjectDirs::from("", "", "tickwire")
            .map(|d| d.state_dir().unwrap_or_else(|| d.data_dir()).to_path_buf())
    });
    let Some(dir) = dir else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let file = tickwire::log::log_writer(&dir);
    let filter = tracing_subscriber::EnvFilter::try_from_env("TICKWIRE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}
