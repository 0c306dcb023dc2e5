#include "metricsregistry.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QLocale>
#include <QString>

namespace Ops {

struct MetricsRegistry::Series
{
    QByteArray labels; //!< rendered once: `{a="x",b="y"}` or empty
    Labels labelList;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> read;
};

struct MetricsRegistry::Family
{
    QByteArray name;
    QByteArray help;
    Type type = Type::Counter;
    std::vector<std::unique_ptr<Series>> series;
};

namespace {

QByteArray renderLabels(const MetricsRegistry::Labels &labels, const QByteArray &extraName = {},
    const QByteArray &extraValue = {})
{
    if (labels.isEmpty() && extraName.isEmpty())
        return {};
    QByteArray out = "{";
    bool first = true;
    for (const auto &[name, value] : labels) {
        if (!first)
            out += ',';
        first = false;
        out += name + "=\"" + MetricsRegistry::escapeLabelValue(value) + '"';
    }
    if (!extraName.isEmpty()) {
        if (!first)
            out += ',';
        out += extraName + "=\"" + extraValue + '"';
    }
    out += '}';
    return out;
}

const char *typeName(MetricsRegistry::Type type)
{
    switch (type) {
    case MetricsRegistry::Type::Counter:
        return "counter";
    case MetricsRegistry::Type::Gauge:
        return "gauge";
    case MetricsRegistry::Type::Histogram:
        return "histogram";
    }
    return "untyped";
}

} // namespace

MetricsRegistry::Histogram::Histogram(std::vector<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_buckets(new std::atomic<qint64>[m_bounds.size() + 1])
{
    std::sort(m_bounds.begin(), m_bounds.end());
    for (std::size_t i = 0; i <= m_bounds.size(); ++i)
        m_buckets[i].store(0, std::memory_order_relaxed);
}

void MetricsRegistry::Histogram::observe(double value)
{
    // A handful of bounds: a linear scan beats a binary search.
    std::size_t i = 0;
    while (i < m_bounds.size() && value > m_bounds[i])
        ++i;
    m_buckets[i].fetch_add(1, std::memory_order_relaxed);
    atomicAdd(m_sum, value);
    m_count.fetch_add(1, std::memory_order_relaxed);
}

qint64 MetricsRegistry::Histogram::cumulativeCount(std::size_t i) const
{
    qint64 total = 0;
    for (std::size_t b = 0; b <= i && b <= m_bounds.size(); ++b)
        total += m_buckets[b].load(std::memory_order_relaxed);
    return total;
}

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Series &MetricsRegistry::series(Type type, const QByteArray &name,
    const QByteArray &help, const Labels &labels, const std::vector<double> *bounds)
{
    Q_ASSERT_X(isValidName(name), "MetricsRegistry", name.constData());
    Family *family = nullptr;
    for (const auto &candidate : m_families) {
        if (candidate->name == name) {
            family = candidate.get();
            break;
        }
    }
    if (!family) {
        m_families.push_back(std::make_unique<Family>());
        family = m_families.back().get();
        family->name = name;
        family->help = help;
        family->type = type;
    }
    Q_ASSERT_X(family->type == type, "MetricsRegistry", "one name, two types");
    const QByteArray rendered = renderLabels(labels);
    for (const auto &existing : family->series) {
        if (existing->labels == rendered)
            return *existing;
    }
    auto created = std::make_unique<Series>();
    created->labels = rendered;
    created->labelList = labels;
    switch (type) {
    case Type::Counter:
        created->counter = std::make_unique<Counter>();
        break;
    case Type::Gauge:
        created->gauge = std::make_unique<Gauge>();
        break;
    case Type::Histogram:
        created->histogram = std::make_unique<Histogram>(bounds ? *bounds : latencyBuckets());
        break;
    }
    family->series.push_back(std::move(created));
    return *family->series.back();
}

MetricsRegistry::Counter &MetricsRegistry::counter(
    const QByteArray &name, const QByteArray &help, const Labels &labels)
{
    Series &s = series(Type::Counter, name, help, labels, nullptr);
    if (!s.counter)
        s.counter = std::make_unique<Counter>(); // the name was a callback before
    return *s.counter;
}

MetricsRegistry::Gauge &MetricsRegistry::gauge(
    const QByteArray &name, const QByteArray &help, const Labels &labels)
{
    Series &s = series(Type::Gauge, name, help, labels, nullptr);
    if (!s.gauge)
        s.gauge = std::make_unique<Gauge>();
    return *s.gauge;
}

MetricsRegistry::Histogram &MetricsRegistry::histogram(const QByteArray &name,
    const QByteArray &help, const std::vector<double> &upperBounds, const Labels &labels)
{
    return *series(Type::Histogram, name, help, labels, &upperBounds).histogram;
}

void MetricsRegistry::callback(Type type, const QByteArray &name, const QByteArray &help,
    const Labels &labels, std::function<double()> read)
{
    Q_ASSERT(type != Type::Histogram);
    Series &s = series(type, name, help, labels, nullptr);
    s.counter.reset();
    s.gauge.reset();
    s.read = std::move(read);
}

QByteArray MetricsRegistry::exposition() const
{
    QByteArray out;
    out.reserve(8192);
    for (const auto &family : m_families) {
        out += "# HELP " + family->name + ' ' + escapeHelp(family->help) + '\n';
        out += "# TYPE " + family->name + ' ' + typeName(family->type) + '\n';
        for (const auto &s : family->series) {
            if (s->histogram) {
                const Histogram &h = *s->histogram;
                const auto &bounds = h.upperBounds();
                // Cumulative counts from one pass, so +Inf equals _count even under writes.
                qint64 cumulative = 0;
                for (std::size_t i = 0; i <= bounds.size(); ++i) {
                    cumulative = h.cumulativeCount(i);
                    const QByteArray le = i < bounds.size() ? formatValue(bounds[i]) : "+Inf";
                    out += family->name + "_bucket" + renderLabels(s->labelList, "le", le) + ' '
                        + QByteArray::number(cumulative) + '\n';
                }
                out += family->name + "_sum" + s->labels + ' ' + formatValue(h.sum()) + '\n';
                out += family->name + "_count" + s->labels + ' ' + QByteArray::number(cumulative)
                    + '\n';
                continue;
            }
            double value = 0;
            if (s->read)
                value = s->read();
            else if (s->counter)
                value = double(s->counter->value());
            else if (s->gauge)
                value = s->gauge->value();
            out += family->name + s->labels + ' ' + formatValue(value) + '\n';
        }
    }
    return out;
}

QByteArray MetricsRegistry::escapeLabelValue(const QByteArray &value)
{
    QByteArray out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray MetricsRegistry::escapeHelp(const QByteArray &help)
{
    QByteArray out;
    out.reserve(help.size());
    for (const char c : help) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

bool MetricsRegistry::isValidName(const QByteArray &name, bool label)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name.at(i);
        const bool alpha =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!label && c == ':');
        if (!alpha && (i == 0 || c < '0' || c > '9'))
            return false;
    }
    return true;
}

QByteArray MetricsRegistry::formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    // Plain decimals read best in bucket bounds ("0.0005", not "5e-04").
    const char format = std::fabs(value) >= 1e-6 ? 'f' : 'g';
    return QString::number(value, format, QLocale::FloatingPointShortest).toLatin1();
}

std::vector<double> MetricsRegistry::latencyBuckets()
{
    return { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
}

} // namespace Ops
