#include "driverstablemodel.h"

#include <QBrush>
#include <QColor>
#include <QJsonValue>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Ops {

DriversTableModel::DriversTableModel(QueryClient *client, QObject *parent)
    : DriversTableModel(client, QueryKey(QJsonArray { u"drivers"_s }), parent)
{ }

DriversTableModel::DriversTableModel(QueryClient *client, QueryKey key, QObject *parent)
    : JsonRowsModel(client, parent)
    , m_now(QDateTime::currentDateTimeUtc())
{
    setKey(std::move(key));
}

DriversTableModel::~DriversTableModel() = default;

int DriversTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DriversTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Driver");
    case IdColumn:
        return tr("Id");
    case RegionColumn:
        return tr("Region");
    case PresenceColumn:
        return tr("Presence");
    case LastSeenColumn:
        return tr("Last seen");
    default:
        return {};
    }
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
    switch (presence) {
    case Presence::InTransit:
        return tr("In transit");
    case Presence::Idle:
        return tr("Idle");
    case Presence::NotResponding:
        return tr("Not responding");
    case Presence::Offline:
        return tr("Offline");
    }
    return {};
}

QColor DriversTableModel::presenceColor(Presence presence)
{
    // Mid-lightness hues: readable on a light and on a dark base.
    switch (presence) {
    case Presence::InTransit:
        return QColor(0x2b, 0x8a, 0xd8);
    case Presence::Idle:
        return QColor(0x2e, 0xa0, 0x4f);
    case Presence::NotResponding:
        return QColor(0xe0, 0x6c, 0x1a);
    case Presence::Offline:
        return QColor(0x8a, 0x8a, 0x8a);
    }
    return {};
}

QString DriversTableModel::ageText(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return tr("%1 h").arg(seconds / 3600);
    return tr("%1 d").arg(seconds / 86400);
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
