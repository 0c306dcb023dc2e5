#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>

#include <QPointer>
#include <QtGlobal>

class QObject;

namespace Ops {

//! \brief The time the query layer reads and the timers it starts: retry delays, garbage
//! collection and polling intervals.
//!
//! The system clock is the default. Tests inject a ManualClock (QueryClient::setClock) and move
//! time by hand, so a 30 s retry back-off or a 5 min gcTime is tested without waiting for it.
class QueryClock
{
public:
    using TimerId = quint64;

    QueryClock() = default;
    QueryClock(const QueryClock &) = delete;
    QueryClock &operator=(const QueryClock &) = delete;
    virtual ~QueryClock();

    //! Milliseconds since the epoch: `dataUpdatedAt`, `errorUpdatedAt`, staleness.
    [[nodiscard]] virtual qint64 now() const = 0;
    //! Milliseconds on a clock that never goes back (garbage collection deadlines).
    [[nodiscard]] virtual qint64 monotonicNow() const = 0;
    //! Runs \a fn once, \a delay from now, in \a context's thread, unless cancel() or the
    //! destruction of \a context comes first. Ids are never 0.
    virtual TimerId schedule(
        std::chrono::milliseconds delay, QObject *context, std::function<void()> fn) = 0;
    //! Forgets a timer that has not run yet; no-op for 0 or one that ran.
    virtual void cancel(TimerId id) = 0;

    //! The process-wide system clock (QDateTime, QElapsedTimer, QTimer).
    [[nodiscard]] static QueryClock *system();
};

//! \brief A clock that moves only when told to: advance() runs every timer that falls due,
//! in order of due time (timers a callback starts run too when they fall due within the step).
class ManualClock final : public QueryClock
{
public:
    //! Starts at \a startMs since the epoch (a fixed day, so runs are repeatable).
    explicit ManualClock(qint64 startMs = 1'767'225'600'000);
    ~ManualClock() override;

    [[nodiscard]] qint64 now() const override { return m_now; }
    [[nodiscard]] qint64 monotonicNow() const override { return m_now; }
    TimerId schedule(
        std::chrono::milliseconds delay, QObject *context, std::function<void()> fn) override;
    void cancel(TimerId id) override;

    //! Moves time forward by \a step, running the timers that fall due on the way.
    void advance(std::chrono::milliseconds step);
    //! Timers waiting to run.
    [[nodiscard]] int pendingTimers() const { return int(m_timers.size()); }
    //! Milliseconds until the next timer is due; -1 when none waits.
    [[nodiscard]] qint64 untilNext() const;

private:
    struct Timer
    {
        TimerId id;
        QPointer<QObject> context;
        bool hasContext;
        std::function<void()> fn;
    };
    qint64 m_now;
    TimerId m_nextId = 1;
    std::multimap<qint64, Timer> m_timers; //!< by due time, then in the order scheduled
};

} // namespace Ops
