//! A refresh in flight, whose one outcome every concurrent caller shares.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The shared outcome of one operation; any number of waiters get a clone of it.
pub(crate) struct Flight<T> {
    state: RefCell<(Option<T>, Vec<Waker>)>,
}

impl<T: Clone> Flight<T> {
    pub(crate) fn new() -> Rc<Self> {
        Rc::new(Flight {
            state: RefCell::new((None, Vec::new())),
        })
    }

    /// Sets the outcome once and wakes every waiter; later calls are ignored.
    pub(crate) fn land(&self, outcome: T) {
        let wakers = {
            let mut state = self.state.borrow_mut();
            if state.0.is_some() {
                return;
            }
            state.0 = Some(outcome);
            std::mem::take(&mut state.1)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// Whether the outcome is in.
    pub(crate) fn landed(&self) -> bool {
        self.state.borrow().0.is_some()
    }

    /// Waits for the outcome.
    pub(crate) fn wait(self: &Rc<Self>) -> Wait<T> {
        Wait(self.clone())
    }
}

/// The future of [`Flight::wait`].
pub(crate) struct Wait<T>(Rc<Flight<T>>);

impl<T: Clone> Future for Wait<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.0.state.borrow_mut();
        match &state.0 {
            Some(outcome) => Poll::Ready(outcome.clone()),
            None => {
                if !state.1.iter().any(|w| w.will_wake(cx.waker())) {
                    state.1.push(cx.waker().clone());
                }
                Poll::Pending
            }
        }
    }
}

/// Lands a fallback outcome if the leader is dropped before it lands one, so that waiters are
/// never left hanging.
pub(crate) struct Landing<T: Clone> {
    pub(crate) flight: Rc<Flight<T>>,
    pub(crate) fallback: Option<T>,
}

impl<T: Clone> Drop for Landing<T> {
    fn drop(&mut self) {
        if let Some(fallback) = self.fallback.take() {
            self.flight.land(fallback);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;

    #[test]
    fn every_waiter_gets_the_one_outcome() {
        let mut pool = LocalPool::new();
        let flight = Flight::<u32>::new();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let waiters = (0..5)
            .map(|_| {
                let (f, seen) = (flight.clone(), seen.clone());
                async move {
                    let outcome = f.wait().await;
                    seen.borrow_mut().push(outcome);
                }
            })
            .collect::<Vec<_>>();
        for w in waiters {
            pool.spawner().spawn_local(w).unwrap();
        }
        pool.run_until_stalled();
        assert!(
            seen.borrow().is_empty(),
            "nobody finishes before the landing"
        );
        flight.land(7);
        flight.land(8);
        pool.run_until_stalled();
        assert_eq!(*seen.borrow(), vec![7; 5]);
    }

    #[test]
    fn a_dropped_leader_lands_the_fallback() {
        let flight = Flight::<u32>::new();
        drop(Landing {
            flight: flight.clone(),
            fallback: Some(1),
        });
        assert_eq!(futures::executor::block_on(flight.wait()), 1);
    }
}
