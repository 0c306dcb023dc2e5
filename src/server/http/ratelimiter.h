#pragma once

#include <chrono>
#include <functional>

#include <QByteArray>
#include <QHash>

namespace Ops {

//! \brief Token buckets keyed by who is asking (a client address, a device): each key may
//! take \a burst at once and one more every \a interval after that.
//!
//! Time comes from a clock a test can replace. The number of keys is bounded: when it is
//! reached, the keys whose buckets are full again (idle long enough to have nothing to
//! remember) are forgotten, and when none are, the key asking is refused rather than
//! remembered.
class RateLimiter
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    //! \a burst tokens per key, one more every \a interval; at most \a maxKeys keys.
    RateLimiter(int burst, std::chrono::milliseconds interval, int maxKeys = 100000);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setLimits(int burst, std::chrono::milliseconds interval);
    [[nodiscard]] int burst() const { return m_burst; }
    [[nodiscard]] std::chrono::milliseconds interval() const { return m_interval; }

    //! Takes a token of \a key. False when it has none left; \a retryAfter then says how long
    //! until the next one.
    [[nodiscard]] bool take(const QByteArray &key, std::chrono::milliseconds *retryAfter = nullptr);
    [[nodiscard]] qsizetype keyCount() const { return m_buckets.size(); }

private:
    struct Bucket
    {
        double tokens = 0;
        std::chrono::steady_clock::time_point updated;
    };
    void refill(Bucket &bucket, std::chrono::steady_clock::time_point now) const;
    void forgetIdle(std::chrono::steady_clock::time_point now);

    int m_burst;
    std::chrono::milliseconds m_interval;
    int m_maxKeys;
    Clock m_clock;
    QHash<QByteArray, Bucket> m_buckets;
};

} // namespace Ops
