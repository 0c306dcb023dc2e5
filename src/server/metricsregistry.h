#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QList>

namespace Ops {

//! atomic<double>::fetch_add is C++20, but libc++ before 18 (Apple clang 15) lacks it.
inline void atomicAdd(std::atomic<double> &value, double by)
{
    double current = value.load(std::memory_order_relaxed);
    while (!value.compare_exchange_weak(current, current + by, std::memory_order_relaxed)) { }
}

//! \brief A small Prometheus metrics registry: counters, gauges, fixed-bucket histograms and
//! values read at scrape time, rendered in the text exposition format 0.0.4.
//!
//! Registration (by name and label set) is the slow part and happens once; it returns a
//! reference that stays valid as long as the registry, so the hot path only does an atomic
//! add on a pre-resolved object: no lookups and no string building per event.
class MetricsRegistry
{
public:
    //! Label name and value pairs, in the order they are rendered.
    using Labels = QList<std::pair<QByteArray, QByteArray>>;

    enum class Type {
        Counter,
        Gauge,
        Histogram,
    };

    //! A monotonically increasing count.
    class Counter
    {
    public:
        void increment(qint64 by = 1) { m_value.fetch_add(by, std::memory_order_relaxed); }
        [[nodiscard]] qint64 value() const { return m_value.load(std::memory_order_relaxed); }

    private:
        std::atomic<qint64> m_value { 0 };
    };

    //! A value that goes up and down.
    class Gauge
    {
    public:
        void set(double value) { m_value.store(value, std::memory_order_relaxed); }
        void add(double by) { atomicAdd(m_value, by); }
        [[nodiscard]] double value() const { return m_value.load(std::memory_order_relaxed); }

    private:
        std::atomic<double> m_value { 0.0 };
    };

    //! Observations counted in fixed buckets (upper bounds, ascending; +Inf is implicit).
    class Histogram
    {
    public:
        explicit Histogram(std::vector<double> upperBounds);
        void observe(double value);
        [[nodiscard]] const std::vector<double> &upperBounds() const { return m_bounds; }
        //! Cumulative count of observations <= upperBounds()[i]; i == size() is +Inf.
        [[nodiscard]] qint64 cumulativeCount(std::size_t i) const;
        [[nodiscard]] qint64 count() const { return m_count.load(std::memory_order_relaxed); }
        [[nodiscard]] double sum() const { return m_sum.load(std::memory_order_relaxed); }

    private:
        std::vector<double> m_bounds;
        std::unique_ptr<std::atomic<qint64>[]> m_buckets; //!< per bucket, not cumulative
        std::atomic<qint64> m_count { 0 };
        std::atomic<double> m_sum { 0.0 };
    };

    MetricsRegistry();
    ~MetricsRegistry();
    Q_DISABLE_COPY_MOVE(MetricsRegistry)

    //! The counter \a name with \a labels, created on first use. \a name should end in `_total`.
    Counter &counter(const QByteArray &name, const QByteArray &help, const Labels &labels = {});
    Gauge &gauge(const QByteArray &name, const QByteArray &help, const Labels &labels = {});
    Histogram &histogram(const QByteArray &name, const QByteArray &help,
        const std::vector<double> &upperBounds, const Labels &labels = {});
    //! A counter or gauge whose value \a read returns at scrape time (for numbers another
    //! object already keeps).
    void callback(Type type, const QByteArray &name, const QByteArray &help, const Labels &labels,
        std::function<double()> read);

    //! Every metric in the text exposition format, version 0.0.4.
    [[nodiscard]] QByteArray exposition() const;

    //! The media type of exposition().
    static constexpr const char *ContentType = "text/plain; version=0.0.4; charset=utf-8";

    //! `\` → `\\`, `"` → `\"`, newline → `\n` (label values).
    [[nodiscard]] static QByteArray escapeLabelValue(const QByteArray &value);
    //! `\` → `\\`, newline → `\n` (HELP text).
    [[nodiscard]] static QByteArray escapeHelp(const QByteArray &help);
    //! [a-zA-Z_:][a-zA-Z0-9_:]* for metric names, without ':' for label names.
    [[nodiscard]] static bool isValidName(const QByteArray &name, bool label = false);
    //! A sample value: integers without a fraction, +Inf/-Inf/NaN spelled as Prometheus does.
    [[nodiscard]] static QByteArray formatValue(double value);

    //! Default latency buckets in seconds, 0.5 ms to 10 s.
    [[nodiscard]] static std::vector<double> latencyBuckets();

private:
    struct Series;
    struct Family;
    Series &series(Type type, const QByteArray &name, const QByteArray &help, const Labels &labels,
        const std::vector<double> *bounds);

    std::vector<std::unique_ptr<Family>> m_families;
};

} // namespace Ops
