//! The real binary in a pseudo-terminal, read through a vt100 emulator.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Upper bound for any wait; a healthy run takes well under a second.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    /// Every byte the program wrote so far.
    pub raw: Vec<u8>,
}

impl Pty {
    /// `tickwire --config CONFIG --data-dir DIR` at `rows`×`cols`, with
    /// monochrome output and no ssh environment.
    pub fn tickwire(config: &Path, data_dir: &Path, env: &[(&str, &str)], size: (u16, u16)) -> Pty {
        Pty::tickwire_with(config, data_dir, &[], env, size)
    }

    /// The same with more arguments (`--bus URL`).
    pub fn tickwire_with(
        config: &Path,
        data_dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        size: (u16, u16),
    ) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tickwire"));
        cmd.arg("--config");
        cmd.arg(config);
        cmd.arg("--data-dir");
        cmd.arg(data_dir);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("HOME", data_dir);
        for var in ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT", "TICKWIRE_CONFIG"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        Pty::spawn(cmd, size)
    }

    pub fn spawn(cmd: CommandBuilder, (rows, cols): (u16, u16)) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Pty {
            child,
            master: pair.master,
            writer,
            output,
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
        }
    }

    fn take(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    /// Feed output to the emulator until `done(emulator, raw bytes so far)` holds.
    pub fn wait(&mut self, what: &str, done: impl Fn(&vt100::Parser, &[u8]) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(&self.parser, &self.raw) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(&bytes),
                Err(_) => panic!(
                    "gave up waiting for {what}; screen:\n{}",
                    self.parser.screen().contents()
                ),
            }
        }
    }

    /// Wait until the screen's text satisfies `done`.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        self.wait(what, |p, _| done(&p.screen().contents()));
    }

    /// Wait until the emulator state satisfies `done`.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Parser) -> bool) {
        self.wait(what, |p, _| done(p));
    }

    /// Take in the next `n` chunks of output (each a redraw or part of one).
    pub fn take_chunks(&mut self, n: usize) {
        for _ in 0..n {
            match self.output.recv_timeout(PATIENCE) {
                Ok(bytes) => self.take(&bytes),
                Err(_) => return,
            }
        }
    }

    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("a running child") as i32
    }

    /// Wait for the process to end, then take in what it wrote on its way out.
    pub fn finish(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            match self.output.recv_timeout(Duration::from_millis(100)) {
                Ok(bytes) => self.take(&bytes),
                Err(_) => assert!(Instant::now() < deadline, "tickwire did not exit"),
            }
        };
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
            self.take(&bytes);
        }
        status
    }

    /// After the exit: take in what was written last (the restore), up to
    /// the end of the output.
    pub fn drain(&mut self) {
        while let Ok(bytes) = self.output.recv_timeout(PATIENCE) {
            self.take(&bytes);
        }
    }

    /// Whether `title` is on screen drawn dim (read); it must be there.
    pub fn dimmed(&self, title: &str) -> bool {
        assert!(self.row_of(title).is_some(), "{title} is not on screen");
        dim_in(&self.parser, title)
    }

    /// The screen row holding `text`, if any.
    pub fn row_of(&self, text: &str) -> Option<u16> {
        let screen = self.parser.screen();
        let (rows, _) = screen.size();
        (0..rows).find(|&r| {
            screen
                .rows(0, screen.size().1)
                .nth(r as usize)
                .is_some_and(|line| line.contains(text))
        })
    }
}

/// Whether `title` is on the emulator's screen, drawn dim (read).
pub fn dim_in(p: &vt100::Parser, title: &str) -> bool {
    let screen = p.screen();
    (0..screen.size().0).any(|row| {
        let line = screen.contents_between(row, 0, row, screen.size().1);
        line.find(title).is_some_and(|col| {
            let col = line[..col].chars().count() as u16;
            screen.cell(row, col).is_some_and(|c| c.dim())
        })
    })
}
