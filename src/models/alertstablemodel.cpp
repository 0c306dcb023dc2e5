#include "alertstablemodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include "alerttext.h"
#include "keys/querykeys.h"

using namespace Qt::StringLiterals;

namespace Ops {

AlertsTableModel::AlertsTableModel(QueryClient *client, QObject *parent)
    : JsonRowsModel(client, parent)
{
    setKey(QueryKeys::alertInbox()); // here, where the overrides that read the rows are in place
}

AlertsTableModel::~AlertsTableModel() = default;

int AlertsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case MessageColumn:
        return tr("Alert");
    case SubjectColumn:
        return tr("Subject");
    case RaisedColumn:
        return tr("Raised");
    case StatusColumn:
        return tr("Status");
    case ReceiptsColumn:
        return tr("Seen and handled");
    default:
        return {};
    }
}

int AlertsTableModel::severityRank(const QString &severity)
{
    if (severity == "critical"_L1)
        return 3;
    if (severity == "warning"_L1)
        return 2;
    if (severity == "info"_L1)
        return 1;
    return 0;
}

QString AlertsTableModel::severityLabel(const QString &severity)
{
    if (severity == "critical"_L1)
        return tr("Critical");
    if (severity == "warning"_L1)
        return tr("Warning");
    if (severity == "info"_L1)
        return tr("Info");
    return severity;
}

QColor AlertsTableModel::severityColor(const QString &severity)
{
    if (severity == "critical"_L1)
        return QColor(0xe0, 0x3e, 0x3e);
    if (severity == "warning"_L1)
        return QColor(0xd9, 0x8a, 0x0b);
    return QColor(0x2b, 0x8a, 0xd8);
}

QString AlertsTableModel::statusLabel(const QString &status)
{
    if (status == "open"_L1)
        return tr("Open");
    if (status == "acknowledged"_L1)
        return tr("Acknowledged");
    if (status == "resolved"_L1)
        return tr("Resolved");
    return status;
}

bool AlertsTableModel::acceptsRow(const QJsonObject &row) const
{
    if (row.value("status"_L1).toString() == "resolved"_L1)
        return false;
    const QDateTime until =
        QDateTime::fromString(row.value("snoozedUntil"_L1).toString(), Qt::ISODateWithMs);
    return !until.isValid() || until <= QDateTime::currentDateTimeUtc();
}

QList<int> AlertsTableModel::changedRoles() const
{
    auto roles = JsonRowsModel::changedRoles();
    roles << SeverityRole << StatusRole << VersionRole << SubjectRole;
    return roles;
}

QVariant AlertsTableModel::cell(const QJsonObject &row, int column, int role) const
{
    const QString severity = row.value("severity"_L1).toString();
    const QString status = row.value("status"_L1).toString();
    const QDateTime raised =
        QDateTime::fromString(row.value("raisedAt"_L1).toString(), Qt::ISODateWithMs);
    switch (role) {
    case Qt::DecorationRole:
        // The kind at a glance, before the message: amber for a warning ahead of time
        // (predicted late), red for what went wrong (AlertKinds).
        if (column == MessageColumn) {
            if (const QColor c = AlertKinds::color(row.value("kind"_L1).toString()); c.isValid())
                return c;
        }
        return {};
    case Qt::AccessibleDescriptionRole:
        if (column == MessageColumn)
            return AlertKinds::label(row.value("kind"_L1).toString());
        return {};
    case SeverityRole:
        return severity;
    case StatusRole:
        return status;
    case VersionRole:
        return row.value("version"_L1).toInteger();
    case SubjectRole:
        return row.value("subjectId"_L1).toString();
    case Qt::ForegroundRole:
        if (column == SeverityColumn)
            return QBrush(severityColor(severity));
        return {};
    case Qt::ToolTipRole: {
        const QString tip = tr("%1 · %2 · raised %3")
                                .arg(row.value("id"_L1).toString(), row.value("kind"_L1).toString(),
                                    QLocale().toString(raised.toLocalTime(), QLocale::ShortFormat));
        const QString step = AlertText::escalation(row);
        return step.isEmpty() ? tip : tip + u'\n' + step;
    }
    case SortRole:
        if (column == SeverityColumn) {
            // Severity first, then age: older alerts rank higher within one severity.
            const qint64 age = raised.isValid() ? raised.toSecsSinceEpoch() : 0;
            return qint64(severityRank(severity)) * 10'000'000'000LL + (9'999'999'999LL - age);
        }
        if (column == RaisedColumn)
            return raised;
        break;
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case SeverityColumn:
        return severityLabel(severity);
    case MessageColumn:
        return AlertText::message(row);
    case SubjectColumn:
        return row.value("subjectId"_L1).toString();
    case RaisedColumn:
        return QLocale().toString(raised.toLocalTime().time(), u"HH:mm:ss"_s);
    case StatusColumn:
        return statusLabel(status);
    case ReceiptsColumn:
        return AlertText::receipts(row);
    default:
        return {};
    }
}

} // namespace Ops
