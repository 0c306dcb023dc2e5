// RateLimiter: token buckets per key on an injected clock (no real waits).

#include <QTest>

#include "server/http/ratelimiter.h"

using namespace std::chrono_literals;
using Ops::RateLimiter;

class tst_RateLimiter : public QObject
{
    Q_OBJECT

private:
    std::chrono::steady_clock::time_point m_now;
    void use(RateLimiter &limiter)
    {
        limiter.setClock([this] { return m_now; });
    }

private Q_SLOTS:
    void burstThenOnePerInterval();
    void keysAreIndependent();
    void keysAreBounded();
};

void tst_RateLimiter::burstThenOnePerInterval()
{
    RateLimiter limiter(3, 1000ms);
    use(limiter);
    for (int i = 0; i < 3; ++i)
        QVERIFY(limiter.take("a"));
    std::chrono::milliseconds retry { 0 };
    QVERIFY(!limiter.take("a", &retry));
    QCOMPARE(retry, 1000ms);
    m_now += 400ms;
    QVERIFY(!limiter.take("a", &retry));
    QCOMPARE(retry, 600ms);
    m_now += 600ms;
    QVERIFY(limiter.take("a"));
    QVERIFY(!limiter.take("a"));
    // A long pause refills to the burst, never beyond.
    m_now += 1h;
    for (int i = 0; i < 3; ++i)
        QVERIFY(limiter.take("a"));
    QVERIFY(!limiter.take("a"));
}

void tst_RateLimiter::keysAreIndependent()
{
    RateLimiter limiter(1, 50ms);
    use(limiter);
    QVERIFY(limiter.take("10.0.0.1"));
    QVERIFY(!limiter.take("10.0.0.1"));
    QVERIFY(limiter.take("10.0.0.2"));
    m_now += 50ms;
    QVERIFY(limiter.take("10.0.0.1"));
}

void tst_RateLimiter::keysAreBounded()
{
    RateLimiter limiter(2, 100ms, 3);
    use(limiter);
    QVERIFY(limiter.take("a"));
    QVERIFY(limiter.take("b"));
    QVERIFY(limiter.take("c"));
    QCOMPARE(limiter.keyCount(), 3);
    // Full: a new key is refused while nobody can be forgotten...
    std::chrono::milliseconds retry { 0 };
    QVERIFY(!limiter.take("d", &retry));
    QVERIFY(retry > 0ms);
    QCOMPARE(limiter.keyCount(), 3);
    // ...and admitted once idle keys (buckets full again) can go.
    m_now += 200ms;
    QVERIFY(limiter.take("d"));
    QCOMPARE(limiter.keyCount(), 1);
}

QTEST_APPLESS_MAIN(tst_RateLimiter)
#include "tst_ratelimiter.moc"
