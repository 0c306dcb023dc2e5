#include <QJsonArray>
#include <QTest>

#include "models/alerttext.h"
#include "protocol/alertrule.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject alert(
    const QString &code, const QJsonObject &params, const QString &message = u"server text"_s)
{
    return { { "id"_L1, u"ALT-00001"_s }, { "kind"_L1, code }, { "code"_L1, code },
        { "params"_L1, params }, { "message"_L1, message } };
}

const QJsonObject kOrder { { "orderId"_L1, u"ORD-00007"_s }, { "customer"_L1, u"Acme Bakery"_s },
    { "minutes"_L1, 12 } };

} // namespace

class tst_AlertText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKindTheEngineRaisesIsWorded();
    void wording_data();
    void wording();
    void unknownCodeOrMissingParamsShowTheServersMessage();
    void receipts();
    void escalation();
};

void tst_AlertText::everyKindTheEngineRaisesIsWorded()
{
    // The engine's alerts carry their kind as code; a kind added there must be worded here.
    for (const QString &kind : AlertRule::kinds())
        QVERIFY2(AlertText::knownCodes().contains(kind), qPrintable(kind));
}

void tst_AlertText::wording_data()
{
    QTest::addColumn<QJsonObject>("alert");
    QTest::addColumn<QString>("text");
    QJsonObject predicted = kOrder;
    predicted.insert("lateMinutes"_L1, 6);
    predicted.insert("etaAt"_L1, u"2026-11-22T09:42:12.480Z"_s);
    predicted.insert("estimate"_L1, false);
    QJsonObject estimated = predicted;
    estimated.insert("estimate"_L1, true);
    QJsonObject failed = kOrder;
    failed.remove("minutes"_L1);
    QJsonObject failedByDriver = failed;
    failedByDriver.insert("driverId"_L1, u"DRV-003"_s);
    failed.insert("driverId"_L1, u""_s);
    const QJsonObject silent { { "driverId"_L1, u"DRV-002"_s }, { "driverName"_L1, u"Ben Ortiz"_s },
        { "seconds"_L1, 95 } };
    QJsonObject longSilent = silent;
    longSilent.insert("seconds"_L1, 754);

    QTest::newRow("overdue") << alert(u"overdue_order"_s, kOrder)
                             << u"ORD-00007 for Acme Bakery is 12 min overdue"_s;
    QTest::newRow("late") << alert(u"late_order"_s, kOrder)
                          << u"ORD-00007 for Acme Bakery is due in 12 min and not picked up"_s;
    QTest::newRow("unassigned") << alert(u"unassigned_order"_s,
        kOrder) << u"ORD-00007 for Acme Bakery is due in 12 min and has no driver"_s;
    QTest::newRow("predicted") << alert(u"predicted_late"_s, predicted)
                               << u"ORD-00007 for Acme Bakery will be 6 min late (ETA 09:42)"_s;
    QTest::newRow("predicted estimate") << alert(u"predicted_late"_s,
        estimated) << u"ORD-00007 for Acme Bakery will be 6 min late (estimated ETA 09:42)"_s;
    QTest::newRow("failed") << alert(u"failed_delivery"_s, failed)
                            << u"Delivery of ORD-00007 for Acme Bakery failed"_s;
    QTest::newRow("failed by") << alert(u"failed_delivery"_s, failedByDriver)
                               << u"Delivery of ORD-00007 for Acme Bakery by DRV-003 failed"_s;
    QTest::newRow("silent s") << alert(u"unresponsive_driver"_s, silent)
                              << u"Ben Ortiz (DRV-002) silent for 95 s"_s;
    QTest::newRow("silent min") << alert(u"unresponsive_driver"_s, longSilent)
                                << u"Ben Ortiz (DRV-002) silent for 12 min"_s;
    // Placeholders in the values are not taken for the translator's own.
    QJsonObject percent = kOrder;
    percent.insert("customer"_L1, u"Bakery %3 %1"_s);
    QTest::newRow("percent in a value")
        << alert(u"overdue_order"_s, percent) << u"ORD-00007 for Bakery %3 %1 is 12 min overdue"_s;
}

void tst_AlertText::wording()
{
    QFETCH(QJsonObject, alert);
    QFETCH(QString, text);
    QCOMPARE(AlertText::message(alert, QTimeZone::utc()), text);
}

void tst_AlertText::unknownCodeOrMissingParamsShowTheServersMessage()
{
    QCOMPARE(AlertText::message(alert(u"fuel_low"_s, { { "level"_L1, 3 } }, u"Fuel low"_s)),
        u"Fuel low"_s);
    QJsonObject partial = kOrder;
    partial.remove("customer"_L1);
    QCOMPARE(AlertText::message(alert(u"overdue_order"_s, partial, u"ORD-00007 overdue"_s)),
        u"ORD-00007 overdue"_s);
    // An alert raised before the server knew codes has only its message.
    QCOMPARE(AlertText::message(QJsonObject { { "message"_L1, u"old text"_s } }), u"old text"_s);
}

void tst_AlertText::receipts()
{
    QJsonObject a = alert(u"overdue_order"_s, kOrder);
    QCOMPARE(AlertText::receipts(a), QString());
    a.insert("seenBy"_L1,
        QJsonArray {
            QJsonObject { { "user"_L1, u"ann"_s }, { "at"_L1, u"2026-12-05T14:01:10.204Z"_s } },
            QJsonObject { { "user"_L1, u"ben"_s }, { "at"_L1, u"2026-12-05T14:01:40.000Z"_s } } });
    QCOMPARE(AlertText::receipts(a, QTimeZone::utc()), u"seen by ann, ben"_s);
    QVERIFY(AlertText::seenBy(a, u"ben"_s));
    QVERIFY(!AlertText::seenBy(a, u"cleo"_s));
    a.insert("acknowledgedBy"_L1, u"ben"_s);
    a.insert("acknowledgedAt"_L1, u"2026-12-05T14:02:00.118Z"_s);
    QCOMPARE(AlertText::receipts(a, QTimeZone::utc()),
        u"seen by ann, ben · acknowledged by ben 14:02"_s);
    a.insert("resolvedBy"_L1, u"alert-engine"_s);
    a.insert("resolvedAt"_L1, u"2026-12-05T14:09:00.000Z"_s);
    QCOMPARE(AlertText::receipts(a, QTimeZone::utc()),
        u"seen by ann, ben · acknowledged by ben 14:02 · resolved by itself 14:09"_s);
    a.insert("resolvedBy"_L1, u"ann"_s);
    QVERIFY(AlertText::receipts(a, QTimeZone::utc()).endsWith(u"resolved by ann 14:09"_s));
    // Shown in the zone asked for.
    QVERIFY(AlertText::receipts(a, QTimeZone(3600)).contains(u"acknowledged by ben 15:02"_s));
}

void tst_AlertText::escalation()
{
    QJsonObject a = alert(u"overdue_order"_s, kOrder);
    QCOMPARE(AlertText::escalation(a), QString());
    a.insert("escalation"_L1,
        QJsonObject { { "step"_L1, 2 }, { "kind"_L1, u"escalated"_s },
            { "at"_L1, u"2026-12-05T14:10:00.000Z"_s },
            { "audience"_L1, QJsonArray { u"mia"_s } } });
    QCOMPARE(AlertText::escalation(a, QTimeZone::utc()),
        u"not acknowledged: escalated to the managers 14:10"_s);
    a.insert("escalation"_L1,
        QJsonObject { { "step"_L1, 3 }, { "kind"_L1, u"reminded"_s },
            { "at"_L1, u"2026-12-05T14:40:00.000Z"_s },
            { "audience"_L1, QJsonArray { u"ben"_s } } });
    QCOMPARE(AlertText::escalation(a, QTimeZone::utc()), u"not resolved: ben reminded 14:40"_s);
}

QTEST_GUILESS_MAIN(tst_AlertText)
#include "tst_alerttext.moc"
