#include "driverstablemodel.h"

#include <iterator>

#include <QBrush>
#include <QColor>
#include <QJsonValue>
#include <QLocale>

#include "keys/querykeys.h"
#include "orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriversTableModel::DriversTableModel(QueryClient *client, QObject *parent)
    : JsonRowsModel(client, parent)
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
        QT_TR_NOOP("Region"), QT_TR_NOOP("Presence"), QT_TR_NOOP("Last seen") };
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
    Q_EMIT dataChanged(index(0, PresenceColumn), index(rowCount() - 1, LastSeenColumn),
        { Qt::DisplayRole, Qt::ForegroundRole, Qt::ToolTipRole, SortRole, PresenceRole });
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
    roles << PresenceRole << LatRole << LonRole;
    return roles;
}

QVariant DriversTableModel::cell(const QJsonObject &row, int column, int role) const
{
    switch (role) {
    case PresenceRole:
        return int(presenceOf(row));
    case LatRole:
        return row.value("lat"_L1).toDouble();
    case LonRole:
        return row.value("lon"_L1).toDouble();
    case Qt::ForegroundRole:
        if (column == PresenceColumn)
            return QBrush(presenceColor(presenceOf(row)));
        return {};
    case Qt::ToolTipRole:
        return tr("%1 (%2) at %3, %4")
            .arg(row.value("name"_L1).toString(), row.value("id"_L1).toString())
            .arg(row.value("lat"_L1).toDouble(), 0, 'f', 4)
            .arg(row.value("lon"_L1).toDouble(), 0, 'f', 4);
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
        return sort ? QVariant(int(p)) : QVariant(presenceLabel(p));
    }
    case LastSeenColumn: {
        const QDateTime seen =
            QDateTime::fromString(row.value("lastSeenAt"_L1).toString(), Qt::ISODateWithMs);
        if (!seen.isValid())
            return sort ? QVariant(qint64(-1)) : QVariant(tr("never"));
        const qint64 secs = seen.secsTo(m_now);
        return sort ? QVariant(secs) : QVariant(ageText(secs));
    }
    default:
        return {};
    }
}

} // namespace Ops
