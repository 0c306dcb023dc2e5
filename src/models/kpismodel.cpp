#include "kpismodel.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include <QLocale>

#include "keys/querykeys.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! Each figure in the order of KpisModel::Kpi: its field in the answer, and its caption.
struct KpiField
{
    QLatin1StringView field;
    const char *label;
};
constexpr KpiField kKpis[] = {
    { "openOrders"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "Open orders") },
    { "inTransit"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "In transit") },
    { "deliveredToday"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "Delivered today") },
    { "late"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "Late") },
    { "atRisk"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "At risk") },
    { "driversOnline"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "Drivers online") },
    { "onTimePercent"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "On time") },
    { "paymentsToday"_L1, QT_TRANSLATE_NOOP("Ops::KpisModel", "Payments today") },
};
static_assert(std::size(kKpis) == KpisModel::KpiCount);

} // namespace

KpisModel::KpisModel(QueryClient *client, QObject *parent)
    : QAbstractListModel(parent)
{
    if (client) {
        m_observer = std::make_unique<QueryObserver>(client, QueryOptions(QueryKeys::kpis()));
        connect(m_observer.get(), &QueryObserver::resultChanged, this, &KpisModel::onQueryChanged);
        m_drivers = std::make_unique<QueryObserver>(client, QueryOptions(QueryKeys::drivers()));
        connect(m_drivers.get(), &QueryObserver::resultChanged, this, &KpisModel::onDriversChanged);
        onQueryChanged();
        onDriversChanged();
    }
}

KpisModel::~KpisModel() = default;

int KpisModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : KpiCount;
}

QString KpisModel::fieldOf(Kpi kpi)
{
    return kpi >= 0 && kpi < KpiCount ? QString(kKpis[kpi].field) : QString();
}

QString KpisModel::labelOf(Kpi kpi)
{
    return kpi >= 0 && kpi < KpiCount ? tr(kKpis[kpi].label) : QString();
}

QVariant KpisModel::valueOf(Kpi kpi) const
{
    if (kpi == DriversOnline && m_driversOnline && m_hasData)
        return *m_driversOnline;
    const QJsonValue v = m_values.value(fieldOf(kpi));
    if (!v.isDouble())
        return {};
    if (kpi == OnTimePercent)
        return v.toDouble();
    return v.toInteger();
}

QString KpisModel::textOf(Kpi kpi) const
{
    if (!m_hasData)
        return u"–"_s;
    const QVariant v = valueOf(kpi);
    if (!v.isValid())
        return u"–"_s;
    if (kpi == OnTimePercent)
        return tr("%1 %").arg(QLocale().toString(v.toDouble(), 'f', 1));
    return QLocale().toString(v.toLongLong());
}

QVariant KpisModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto kpi = Kpi(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return textOf(kpi);
    case LabelRole:
        return labelOf(kpi);
    case ValueRole:
        return valueOf(kpi);
    case KeyRole:
        return fieldOf(kpi);
    case WarningRole:
        if (kpi == Late || kpi == AtRisk)
            return valueOf(kpi).toLongLong() > 0;
        if (kpi == OnTimePercent)
            return valueOf(kpi).isValid() && valueOf(kpi).toDouble() < 90.0;
        return false;
    case Qt::ToolTipRole:
        if (kpi == PaymentsToday && m_hasData)
            return QLocale().toCurrencyString(
                double(m_values.value("paymentsTodayCents"_L1).toInteger()) / 100.0);
        if (kpi == AtRisk)
            return tr("Open orders not late yet that are due within %1 min or whose ETA is after "
                      "their due time")
                .arg(m_atRiskMinutes);
        return {};
    default:
        return {};
    }
}

QHash<int, QByteArray> KpisModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert({ { LabelRole, "label" }, { ValueRole, "value" }, { WarningRole, "warning" },
        { KeyRole, "key" } });
    return names;
}

void KpisModel::onQueryChanged()
{
    const QueryResult result = m_observer->result();
    if (result.data.isObject())
        applySnapshot(result.data.toObject(), result.dataUpdatedAt);
}

void KpisModel::applySnapshot(const QJsonObject &kpis, qint64 receivedAtMs)
{
    const QJsonObject old = m_values;
    const bool first = !m_hasData;
    m_values = kpis;
    m_hasData = true;
    const int oldAtRisk = m_atRiskMinutes;
    const qint64 oldOffset = m_serverOffsetMs;
    if (const QJsonValue minutes = kpis.value("atRiskMinutes"_L1); minutes.isDouble())
        m_atRiskMinutes = int(std::clamp<qint64>(minutes.toInteger(), 0, 24 * 60));
    const QDateTime asOf =
        QDateTime::fromString(kpis.value("asOf"_L1).toString(), Qt::ISODateWithMs).toUTC();
    if (asOf.isValid()) {
        m_asOf = asOf;
        const qint64 received =
            receivedAtMs > 0 ? receivedAtMs : QDateTime::currentMSecsSinceEpoch();
        const qint64 offset = asOf.toMSecsSinceEpoch() - received;
        if (std::abs(offset - m_serverOffsetMs) > kOffsetJitterMs)
            m_serverOffsetMs = offset;
    }
    for (int row = 0; row < KpiCount; ++row) {
        const QString field = fieldOf(Kpi(row));
        bool changed = first || old.value(field) != kpis.value(field);
        if (row == DriversOnline && m_driversOnline)
            changed = first; // counted from the drivers list, which the answer does not change
        if (row == PaymentsToday)
            changed = changed
                || old.value("paymentsTodayCents"_L1) != kpis.value("paymentsTodayCents"_L1);
        if (row == AtRisk)
            changed = changed || oldAtRisk != m_atRiskMinutes; // the tool tip names it
        if (changed)
            Q_EMIT dataChanged(index(row), index(row),
                { Qt::DisplayRole, ValueRole, WarningRole, Qt::ToolTipRole });
    }
    if (oldAtRisk != m_atRiskMinutes || oldOffset != m_serverOffsetMs)
        Q_EMIT serverClockChanged(m_serverOffsetMs, m_atRiskMinutes);
}

void KpisModel::onDriversChanged()
{
    const QJsonValue data = m_drivers->result().data;
    if (!data.isArray())
        return; // not loaded (or failed with nothing): keep what is shown
    qint64 online = 0;
    for (const QJsonValue &row : data.toArray())
        online += row.toObject().value("status"_L1).toString() != "offline"_L1 ? 1 : 0;
    const QVariant before = valueOf(DriversOnline);
    m_driversOnline = online;
    if (m_hasData && valueOf(DriversOnline) != before)
        Q_EMIT dataChanged(index(DriversOnline), index(DriversOnline),
            { Qt::DisplayRole, ValueRole, WarningRole, Qt::ToolTipRole });
}

} // namespace Ops
