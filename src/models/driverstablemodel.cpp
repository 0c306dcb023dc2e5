#include "driverstablemodel.h"

#include <iterator>
#include <limits>

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonValue>
#include <QLocale>

#include "keys/querykeys.h"
#include "orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriversTableModel::DriversTableModel(QueryClient *client, QObject *parent)
    // Every write of a driver (a GPS fix too) is a versioned write: a row whose version did not
    // move did not change, and a list of 2,000 drivers is compared by id and version only.
    : JsonRowsModel(client, parent, true)
    , m_now(QDateTime::currentDateTimeUtc())
{
    setKey(QueryKeys::drivers()); // here, where the overrides that read the rows are in place
}

DriversTableModel::~DriversTableModel() = default;

int DriversTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DriversTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // In the order of Column.
    static const char *const titles[] = { QT_TR_NOOP("Driver"), QT_TR_NOOP("Id"),
        QT_TR_NOOP("Region"), QT_TR_NOOP("Presence"), QT_TR_NOOP("Last seen"), QT_TR_NOOP("GPS"),
        QT_TR_NOOP("Battery"), QT_TR_NOOP("Phone") };
    static_assert(std::size(titles) == ColumnCount);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

void DriversTableModel::tick(const QDateTime &now)
{
    m_now = now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc();
    if (rowCount() == 0)
        return;
    Q_EMIT dataChanged(index(0, PresenceColumn), index(rowCount() - 1, GpsColumn),
        { Qt::DisplayRole, Qt::ForegroundRole, Qt::ToolTipRole, SortRole, PresenceRole,
            PositionAgeRole, StaleRole, StaleTextRole });
}

void DriversTableModel::setStaleAfter(std::chrono::seconds after)
{
    if (after == m_staleAfter)
        return;
    m_staleAfter = after;
    tick(m_now);
}

std::optional<qint64> DriversTableModel::positionAge(const QJsonObject &row) const
{
    if (!hasPosition(row))
        return std::nullopt;
    const QDateTime at =
        QDateTime::fromString(row.value("positionAt"_L1).toString(), Qt::ISODateWithMs);
    if (!at.isValid())
        return std::nullopt;
    return std::max<qint64>(0, at.secsTo(m_now));
}

bool DriversTableModel::isStale(const QJsonObject &row) const
{
    const auto age = positionAge(row);
    return age && *age > m_staleAfter.count();
}

QString DriversTableModel::staleText(qint64 seconds)
{
    return tr("GPS %1 old").arg(ageText(seconds));
}

QString DriversTableModel::dialString(const QString &phone)
{
    QString dial;
    for (const QChar c : phone) {
        if (c.isDigit() || (c == u'+' && dial.isEmpty()))
            dial.append(c);
    }
    return dial.size() > (dial.startsWith(u'+') ? 1 : 0) ? dial : QString();
}

QColor DriversTableModel::warningColor()
{
    return QColor(0xc6, 0x28, 0x28); // the alarm colour of late orders
}

DriversTableModel::Presence DriversTableModel::presenceOf(const QJsonObject &row) const
{
    const QString status = row.value("status"_L1).toString();
    if (status == "offline"_L1 || status.isEmpty())
        return Presence::Offline;
    const QDateTime seen =
        QDateTime::fromString(row.value("lastSeenAt"_L1).toString(), Qt::ISODateWithMs);
    if (!seen.isValid() || seen.secsTo(m_now) > m_unresponsiveAfter.count())
        return Presence::NotResponding;
    return status == "en_route"_L1 ? Presence::InTransit : Presence::Idle;
}

QString DriversTableModel::presenceLabel(Presence presence)
{
    // In the order of Presence.
    static const char *const labels[] = { QT_TR_NOOP("In transit"), QT_TR_NOOP("Idle"),
        QT_TR_NOOP("Not responding"), QT_TR_NOOP("Offline") };
    static_assert(std::size(labels) == int(Presence::Offline) + 1);
    return tr(labels[int(presence)]);
}

QColor DriversTableModel::presenceColor(Presence presence)
{
    // In the order of Presence. Mid-lightness hues: readable on a light and on a dark base.
    static const QColor colors[] = { QColor(0x2b, 0x8a, 0xd8), QColor(0x2e, 0xa0, 0x4f),
        QColor(0xe0, 0x6c, 0x1a), QColor(0x8a, 0x8a, 0x8a) };
    static_assert(std::size(colors) == int(Presence::Offline) + 1);
    return colors[int(presence)];
}

QString DriversTableModel::ageText(qint64 seconds)
{
    return OrdersTableModel::ageText(std::max<qint64>(0, seconds)); // one way to say an age
}

QList<int> DriversTableModel::changedRoles() const
{
    auto roles = JsonRowsModel::changedRoles();
    roles << PresenceRole << LatRole << LonRole << HasPositionRole << PositionAgeRole << StaleRole
          << StaleTextRole << BatteryRole << LowBatteryRole << PhoneRole << ActiveRole;
    return roles;
}

QVariant DriversTableModel::cell(const QJsonObject &row, int column, int role) const
{
    const bool active = row.value("active"_L1).toBool(true);
    const QJsonValue battery = row.value("battery"_L1);
    const bool lowBattery = battery.isDouble() && battery.toDouble() < lowBatteryPercent;
    switch (role) {
    case PresenceRole:
        return int(presenceOf(row));
    case LatRole:
        return hasPosition(row) ? QVariant(row.value("lat"_L1).toDouble()) : QVariant();
    case LonRole:
        return hasPosition(row) ? QVariant(row.value("lon"_L1).toDouble()) : QVariant();
    case HasPositionRole:
        return hasPosition(row);
    case PositionAgeRole: {
        const auto age = positionAge(row);
        return age ? QVariant(*age) : QVariant();
    }
    case StaleRole:
        return isStale(row);
    case StaleTextRole:
        return isStale(row) ? staleText(*positionAge(row)) : QString();
    case BatteryRole:
        return battery.isDouble() ? QVariant(qRound(battery.toDouble())) : QVariant();
    case LowBatteryRole:
        return lowBattery;
    case PhoneRole:
        return row.value("phone"_L1).toString();
    case ActiveRole:
        return active;
    case Qt::ForegroundRole:
        if (!active)
            return QBrush(presenceColor(Presence::Offline));
        if (column == PresenceColumn)
            return QBrush(presenceColor(presenceOf(row)));
        if (column == GpsColumn && isStale(row))
            return QBrush(presenceColor(Presence::NotResponding));
        if (column == BatteryColumn && lowBattery)
            return QBrush(warningColor());
        return {};
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const bool sort = role == SortRole;
    switch (column) {
    case NameColumn:
        return row.value("name"_L1).toString();
    case IdColumn:
        return row.value("id"_L1).toString();
    case RegionColumn:
        return row.value("region"_L1).toString();
    case PresenceColumn: {
        const Presence p = presenceOf(row);
        if (sort)
            return active ? int(p) : int(Presence::Offline) + 1;
        return active ? presenceLabel(p) : tr("Deactivated");
    }
    case LastSeenColumn: {
        const QDateTime seen =
            QDateTime::fromString(row.value("lastSeenAt"_L1).toString(), Qt::ISODateWithMs);
        if (!seen.isValid())
            return sort ? QVariant(qint64(-1)) : QVariant(tr("never"));
        const qint64 secs = seen.secsTo(m_now);
        return sort ? QVariant(secs) : QVariant(ageText(secs));
    }
    case GpsColumn: {
        const auto age = positionAge(row);
        if (!age)
            return sort ? QVariant(std::numeric_limits<qint64>::max()) : QVariant(QString());
        if (sort)
            return *age;
        return isStale(row) ? staleText(*age) : ageText(*age);
    }
    case BatteryColumn:
        if (!battery.isDouble())
            return sort ? QVariant(-1) : QVariant(QString());
        return sort ? QVariant(qRound(battery.toDouble()))
                    : QVariant(tr("%1 %").arg(qRound(battery.toDouble())));
    case PhoneColumn:
        return row.value("phone"_L1).toString();
    default:
        return {};
    }
}

bool DriversTableModel::hasPosition(const QJsonObject &row)
{
    return row.value("lat"_L1).isDouble() && row.value("lon"_L1).isDouble();
}

QString DriversTableModel::toolTip(const QJsonObject &row, int column) const
{
    const QString who =
        tr("%1 (%2)").arg(row.value("name"_L1).toString(), row.value("id"_L1).toString());
    if (!hasPosition(row))
        return tr("%1: no position yet").arg(who);
    QString text = tr("%1 at %2, %3")
                       .arg(who)
                       .arg(row.value("lat"_L1).toDouble(), 0, 'f', 4)
                       .arg(row.value("lon"_L1).toDouble(), 0, 'f', 4);
    if (column != GpsColumn)
        return text;
    const QString source = row.value("positionSource"_L1).toString();
    if (source == "osmand"_L1) {
        QString device = row.value("positionDevice"_L1).toString();
        const QJsonArray devices = row.value("devices"_L1).toArray();
        for (const QJsonValue &d : devices) {
            if (d.toObject().value("id"_L1).toString() == device
                && !d.toObject().value("label"_L1).toString().isEmpty())
                device = d.toObject().value("label"_L1).toString();
        }
        text += u'\n' + tr("GPS via phone (%1)").arg(device);
    } else if (source == "driver_api"_L1) {
        text += u'\n' + tr("from the driver app");
    }
    if (const QJsonValue accuracy = row.value("accuracyM"_L1); accuracy.isDouble())
        text += u'\n' + tr("accurate to %1 m").arg(qRound(accuracy.toDouble()));
    return text;
}

} // namespace Ops
