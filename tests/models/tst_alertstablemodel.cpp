#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include "keys/querykeys.h"
#include "models/alertstablemodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

//! One clock reading for every row: an alert built twice must be the same row, not one whose
//! raisedAt moved by the milliseconds between the two calls.
const QDateTime kNow = QDateTime::currentDateTimeUtc();

QJsonObject alert(int n, const QString &severity, int ageMinutes, const QString &status = u"open"_s,
    int version = 1)
{
    return { { "id"_L1, u"ALT-%1"_s.arg(n, 5, 10, QChar(u'0')) }, { "kind"_L1, u"late_order"_s },
        { "severity"_L1, severity }, { "subjectId"_L1, u"ORD-%1"_s.arg(n, 5, 10, QChar(u'0')) },
        { "region"_L1, u"north"_s }, { "message"_L1, u"alert %1"_s.arg(n) },
        { "raisedAt"_L1, kNow.addSecs(-60 * ageMinutes).toString(Qt::ISODateWithMs) },
        { "status"_L1, status }, { "version"_L1, version } };
}

} // namespace

class tst_AlertsTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sortsBySeverityThenAge();
    void leavesOutResolvedAndSnoozed();
    void acknowledgeIsOneRowChangeWithRoles();
    void kindsAreMarkedAndNamed();
};

void tst_AlertsTableModel::sortsBySeverityThenAge()
{
    QueryClient client;
    AlertsTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(QJsonArray { alert(1, u"warning"_s, 50), alert(2, u"critical"_s, 1),
        alert(3, u"critical"_s, 30), alert(4, u"info"_s, 100), alert(5, u"warning"_s, 5) });
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(AlertsTableModel::SortRole);
    proxy.sort(AlertsTableModel::SeverityColumn, Qt::DescendingOrder);
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids.append(proxy.index(row, 0).data(AlertsTableModel::IdRole).toString());
    QCOMPARE(ids,
        (QStringList {
            u"ALT-00003"_s, u"ALT-00002"_s, u"ALT-00001"_s, u"ALT-00005"_s, u"ALT-00004"_s }));
}

void tst_AlertsTableModel::leavesOutResolvedAndSnoozed()
{
    QueryClient client;
    AlertsTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonObject snoozed = alert(3, u"critical"_s, 1);
    snoozed.insert("snoozedUntil"_L1,
        QDateTime::currentDateTimeUtc().addSecs(600).toString(Qt::ISODateWithMs));
    QJsonObject woke = alert(4, u"critical"_s, 1);
    woke.insert("snoozedUntil"_L1,
        QDateTime::currentDateTimeUtc().addSecs(-600).toString(Qt::ISODateWithMs));
    model.applySnapshot(QJsonArray {
        alert(1, u"warning"_s, 1), alert(2, u"warning"_s, 1, u"resolved"_s), snoozed, woke });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(u"ALT-00002"_s), -1);
    QCOMPARE(model.rowOf(u"ALT-00003"_s), -1);
    QCOMPARE(model.rowOf(u"ALT-00004"_s), 1);
}

void tst_AlertsTableModel::acknowledgeIsOneRowChangeWithRoles()
{
    QueryClient client;
    const QueryKey key = QueryKeys::alertInbox();
    QJsonArray rows { alert(1, u"warning"_s, 1), alert(2, u"critical"_s, 2) };
    client.setQueryData(key, rows);
    AlertsTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    rows.replace(1, alert(2, u"critical"_s, 2, u"acknowledged"_s, 2));
    client.setQueryData(key, rows);
    QTRY_COMPARE(changed.size(), 1);
    const auto args = changed.takeFirst();
    QCOMPARE(args.at(0).toModelIndex(), model.index(1, AlertsTableModel::StatusColumn));
    QCOMPARE(args.at(1).toModelIndex(), model.index(1, AlertsTableModel::StatusColumn));
    QVERIFY(args.at(2).value<QList<int>>().contains(AlertsTableModel::StatusRole));
    // Resolving removes exactly that row.
    rows.replace(1, alert(2, u"critical"_s, 2, u"resolved"_s, 3));
    client.setQueryData(key, rows);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(model.rowCount(), 1);
}

void tst_AlertsTableModel::kindsAreMarkedAndNamed()
{
    AlertsTableModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonObject predicted = alert(1, u"warning"_s, 1);
    predicted.insert("kind"_L1, u"predicted_late"_s);
    QJsonObject overdue = alert(2, u"critical"_s, 1);
    overdue.insert("kind"_L1, u"overdue_order"_s);
    QJsonObject other = alert(3, u"info"_s, 1);
    other.insert("kind"_L1, u"custom"_s);
    model.applySnapshot(QJsonArray { predicted, overdue, other });
    const auto cell = [&model](const QString &id) {
        return model.index(model.rowOf(id), AlertsTableModel::MessageColumn);
    };
    // Predicted late: amber (a warning ahead of time), apart from overdue's red; named in words.
    const QColor amber = cell(u"ALT-00001"_s).data(Qt::DecorationRole).value<QColor>();
    const QColor red = cell(u"ALT-00002"_s).data(Qt::DecorationRole).value<QColor>();
    QVERIFY(amber.isValid() && red.isValid() && amber != red);
    QCOMPARE(amber, AlertKinds::color(u"predicted_late"_s));
    QCOMPARE(
        cell(u"ALT-00001"_s).data(Qt::AccessibleDescriptionRole).toString(), u"Predicted late"_s);
    QVERIFY(!cell(u"ALT-00003"_s).data(Qt::DecorationRole).isValid()); // unknown: no marker
    QCOMPARE(cell(u"ALT-00003"_s).data(Qt::AccessibleDescriptionRole).toString(), u"custom"_s);
    QVERIFY(!model.index(0, AlertsTableModel::SeverityColumn).data(Qt::DecorationRole).isValid());
}

QTEST_GUILESS_MAIN(tst_AlertsTableModel)
#include "tst_alertstablemodel.moc"
