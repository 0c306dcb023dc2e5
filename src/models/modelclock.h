#pragma once

#include <chrono>
#include <functional>

#include <QObject>
#include <QTimer>

namespace Ops {

//! \brief The clock of models whose display moves with time (ages, "late", "not responding").
//!
//! One timer for a window: ticked() every interval, and every() for what needs less often (a
//! filter that re-checks "late" every 30 ticks). Models are told to move on (tick, repaint),
//! never polled per row. Runs from construction; the interval is a parameter so tests tick fast.
class ModelClock final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelClock)

public:
    explicit ModelClock(
        std::chrono::milliseconds interval = std::chrono::seconds(1), QObject *parent = nullptr);
    ~ModelClock() override;

    [[nodiscard]] std::chrono::milliseconds interval() const
    {
        return m_timer.intervalAsDuration();
    }
    //! Ticks so far (the first tick is 1).
    [[nodiscard]] qint64 ticks() const { return m_ticks; }
    [[nodiscard]] bool isActive() const { return m_timer.isActive(); }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }

    //! Calls \a fn on every \a n-th tick (n ≥ 1) for as long as \a context lives.
    void every(int n, const QObject *context, std::function<void()> fn);

Q_SIGNALS:
    //! The clock moved on; \a tick counts from 1.
    void ticked(qint64 tick);

private:
    QTimer m_timer;
    qint64 m_ticks = 0;
};

} // namespace Ops
