//! A closed terminal (an ssh link dropped, a pane closed without SIGHUP)
//! must end the monitor. crossterm's reader spins, inside the loop's own
//! thread, on a tty whose reads fail with EIO, so the loop can't see it: a
//! thread of its own waits for the hang-up and ends the process. Nothing
//! saved is lost: the store's commits are durable and its lease is taken
//! over at once from a dead holder.

/// Watch the terminal the monitor draws on, from a thread of its own.
pub fn watch() {
    // SAFETY: isatty only inspects the descriptor.
    let Some(fd) = [0, 1]
        .into_iter()
        .find(|&fd| unsafe { libc::isatty(fd) } == 1)
    else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("tickwire-hangup".into())
        .spawn(move || {
            loop {
                // No events asked: poll reports only hang-ups and errors.
                let mut watched = libc::pollfd {
                    fd,
                    events: 0,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, waiting without a timeout.
                let n = unsafe { libc::poll(&mut watched, 1, -1) };
                if n < 0
                    && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
                {
                    continue;
                }
                if n > 0 && watched.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                    tracing::warn!("the terminal closed: exiting");
                    std::process::exit(1);
                }
                // Anything else (an fd that is not pollable): stop watching.
                return;
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "no watch for a closed terminal");
    }
}
