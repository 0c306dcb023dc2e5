#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace Ops {

RateLimiter::RateLimiter(int burst, std::chrono::milliseconds interval, int maxKeys)
    : m_burst(std::max(1, burst))
    , m_interval(std::max(interval, std::chrono::milliseconds(1)))
    , m_maxKeys(std::max(1, maxKeys))
    , m_clock([] { return std::chrono::steady_clock::now(); })
{ }

void RateLimiter::setLimits(int burst, std::chrono::milliseconds interval)
{
    m_burst = std::max(1, burst);
    m_interval = std::max(interval, std::chrono::milliseconds(1));
    m_buckets.clear();
}

void RateLimiter::refill(Bucket &bucket, std::chrono::steady_clock::time_point now) const
{
    const auto elapsed = std::chrono::duration<double, std::milli>(now - bucket.updated);
    bucket.tokens = std::min(double(m_burst),
        bucket.tokens + std::max(0.0, elapsed.count()) / double(m_interval.count()));
    bucket.updated = now;
}

void RateLimiter::forgetIdle(std::chrono::steady_clock::time_point now)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(it.value(), now);
        if (it.value().tokens >= m_burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

bool RateLimiter::take(const QByteArray &key, std::chrono::milliseconds *retryAfter)
{
    const auto now = m_clock();
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_maxKeys) {
            forgetIdle(now);
            if (m_buckets.size() >= m_maxKeys) {
                // Nothing can be forgotten: whoever is new waits.
                if (retryAfter)
                    *retryAfter = m_interval;
                return false;
            }
        }
        it = m_buckets.insert(key, Bucket { double(m_burst), now });
    } else {
        refill(it.value(), now);
    }
    Bucket &bucket = it.value();
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return true;
    }
    if (retryAfter) {
        const double missing = 1 - bucket.tokens;
        *retryAfter = std::chrono::milliseconds(
            std::max<qint64>(1, qint64(std::ceil(missing * double(m_interval.count())))));
    }
    return false;
}

} // namespace Ops
