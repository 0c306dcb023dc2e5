#include "queryclock.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QTimer>

namespace Ops {
namespace {

//! QTimer per scheduled call; the id maps to it so cancel() can stop it. Clients in several
//! threads share this clock, so the map is locked (each timer lives in its context's thread).
class SystemClock final : public QueryClock
{
public:
    [[nodiscard]] qint64 now() const override { return QDateTime::currentMSecsSinceEpoch(); }
    [[nodiscard]] qint64 monotonicNow() const override
    {
        static const QElapsedTimer start = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        return start.elapsed() + 1;
    }

    TimerId schedule(
        std::chrono::milliseconds delay, QObject *context, std::function<void()> fn) override
    {
        auto *timer = new QTimer(context);
        timer->setSingleShot(true);
        TimerId id = 0;
        {
            QMutexLocker lock(&m_mutex);
            id = m_nextId++;
            m_timers.insert(id, timer);
        }
        QObject::connect(timer, &QTimer::timeout, timer, [this, id, timer, fn = std::move(fn)] {
            forget(id);
            timer->deleteLater();
            fn();
        });
        QObject::connect(timer, &QObject::destroyed, timer, [this, id] { forget(id); });
        timer->start(std::max(delay, std::chrono::milliseconds(0)));
        return id;
    }

    void cancel(TimerId id) override
    {
        QTimer *timer = nullptr;
        {
            QMutexLocker lock(&m_mutex);
            timer = m_timers.take(id);
        }
        if (timer) {
            timer->stop();
            timer->deleteLater();
        }
    }

private:
    void forget(TimerId id)
    {
        QMutexLocker lock(&m_mutex);
        m_timers.remove(id);
    }

    QMutex m_mutex;
    QHash<TimerId, QTimer *> m_timers;
    TimerId m_nextId = 1;
};

} // namespace

QueryClock::~QueryClock() = default;

QueryClock *QueryClock::system()
{
    static SystemClock clock;
    return &clock;
}

ManualClock::ManualClock(qint64 startMs)
    : m_now(startMs)
{ }

ManualClock::~ManualClock() = default;

QueryClock::TimerId ManualClock::schedule(
    std::chrono::milliseconds delay, QObject *context, std::function<void()> fn)
{
    const TimerId id = m_nextId++;
    m_timers.emplace(m_now + std::max<qint64>(0, delay.count()),
        Timer { id, context, context != nullptr, std::move(fn) });
    return id;
}

void ManualClock::cancel(TimerId id)
{
    for (auto it = m_timers.begin(); it != m_timers.end(); ++it) {
        if (it->second.id == id) {
            m_timers.erase(it);
            return;
        }
    }
}

void ManualClock::advance(std::chrono::milliseconds step)
{
    const qint64 target = m_now + std::max<qint64>(0, step.count());
    while (!m_timers.empty() && m_timers.begin()->first <= target) {
        auto node = m_timers.extract(m_timers.begin());
        m_now = std::max(m_now, node.key());
        Timer &timer = node.mapped();
        if (timer.hasContext && !timer.context)
            continue; // its owner is gone
        timer.fn();
    }
    m_now = target;
}

qint64 ManualClock::untilNext() const
{
    return m_timers.empty() ? -1 : std::max<qint64>(0, m_timers.begin()->first - m_now);
}

} // namespace Ops
