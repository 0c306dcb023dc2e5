#pragma once

#include <chrono>

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace Ops {

class Store;

//! \brief The overdue engine: scans orders and drivers and raises alerts through the Store
//! (so they are events like any other write), and resolves its own alerts when their cause
//! is gone.
//!
//! - `overdue_order` (critical): an open order past its due time.
//! - `late_order` (warning): an order due within the late window that nobody has picked up.
//! - `predicted_late` (warning): an open order not yet due whose ETA is after its due time.
//! - `unresponsive_driver` (warning): an online driver not seen for the unresponsive time.
class AlertEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertEngine)

public:
    explicit AlertEngine(Store &store, QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    //! Orders due within \a lateWindow and not yet picked up are "late" (default 15 min).
    void setLateWindow(std::chrono::seconds lateWindow) { m_lateWindow = lateWindow; }
    //! Online drivers silent for longer are "unresponsive" (default 120 s).
    void setUnresponsiveAfter(std::chrono::seconds after) { m_unresponsiveAfter = after; }

    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    [[nodiscard]] bool isRunning() const { return m_timer.isActive(); }

    //! One scan as of \a now. Returns how many alerts it raised or resolved.
    int scan(const QDateTime &now);

Q_SIGNALS:
    void scanned(int changes);

private:
    Store &m_store;
    QTimer m_timer;
    std::chrono::seconds m_lateWindow { 15 * 60 };
    std::chrono::seconds m_unresponsiveAfter { 120 };
};

} // namespace Ops
