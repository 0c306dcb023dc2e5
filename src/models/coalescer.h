#pragma once

#include <chrono>
#include <functional>

#include <QObject>
#include <QTimer>

namespace Ops {

//! \brief Runs a function once for a burst of changes instead of once per change.
//!
//! Throttle: the first change starts the wait and the later ones join that run, so a steady
//! stream runs the function once per interval and cannot postpone it (a drivers list that changes
//! with every position report). Debounce: the function runs once the changes have paused for an
//! interval (orders arriving in a burst).
class Coalescer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Coalescer)

public:
    enum class Mode {
        Throttle,
        Debounce,
    };
    Q_ENUM(Mode)

    Coalescer(Mode mode, std::chrono::milliseconds interval, std::function<void()> fn,
        QObject *parent = nullptr);
    ~Coalescer() override;

    //! Something changed: \a fn will run (once) per the mode.
    void trigger();
    //! A run is waiting.
    [[nodiscard]] bool isPending() const { return m_timer.isActive(); }

private:
    Mode m_mode;
    QTimer m_timer;
};

} // namespace Ops
