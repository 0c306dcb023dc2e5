#include <QJsonObject>
#include <QTest>

#include "models/orderform.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_OrderForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void amounts_data();
    void amounts();
    void positions();
    void problemsNameTheServersFields();
    void createBodyHoldsWhatWasTyped();
    void changesAreOnlyWhatDiffers();

private:
    const QDateTime m_now = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);

    OrderForm valid() const
    {
        OrderForm f;
        f.customer = u" Acme Bakery "_s;
        f.region = u"north"_s;
        f.pickup = u"North Depot"_s;
        f.dropoff = u"141 Market Sq"_s;
        f.dueAt = m_now.addSecs(3600);
        f.amount = u"24,82"_s;
        return f;
    }
};

void tst_OrderForm::amounts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("cents"); // -1: not an amount
    QTest::newRow("point") << u"24.82"_s << qint64(2482);
    QTest::newRow("comma") << u"24,82"_s << qint64(2482);
    QTest::newRow("one decimal") << u"24.8"_s << qint64(2480);
    QTest::newRow("whole") << u" 7 "_s << qint64(700);
    QTest::newRow("three decimals") << u"1.234"_s << qint64(-1);
    QTest::newRow("negative") << u"-3"_s << qint64(-1);
    QTest::newRow("formula") << u"=1+1"_s << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
}

void tst_OrderForm::amounts()
{
    QFETCH(QString, text);
    QFETCH(qint64, cents);
    QCOMPARE(OrderForm::parseAmount(text).value_or(-1), cents);
    if (cents >= 0)
        QCOMPARE(OrderForm::parseAmount(OrderForm::formatAmount(cents)), cents);
}

void tst_OrderForm::positions()
{
    QCOMPARE(OrderForm::parsePosition(u"51.5512, -0.1318"_s), std::pair(51.5512, -0.1318));
    QCOMPARE(OrderForm::parsePosition(u"51.5512 -0.1318"_s), std::pair(51.5512, -0.1318));
    QVERIFY(!OrderForm::parsePosition(u"91, 0"_s));
    QVERIFY(!OrderForm::parsePosition(u"51.5"_s));
    QVERIFY(!OrderForm::parsePosition(u"north, south"_s));
}

void tst_OrderForm::problemsNameTheServersFields()
{
    QVERIFY(valid().problems(m_now).isEmpty());

    OrderForm f = valid();
    f.customer.clear();
    f.region = u"North Side"_s;
    f.contactPhone = u"call me"_s;
    f.windowStart = f.dueAt.addSecs(60);
    f.amount = u"lots"_s;
    f.dropoffPosition = u"200, 0"_s;
    f.notes = u"Ring twice\nthen wait"_s; // line breaks are fine in notes
    QStringList fields;
    for (const auto &p : f.problems(m_now)) {
        QVERIFY2(!p.message.isEmpty(), qPrintable(p.field));
        fields.append(p.field);
    }
    QCOMPARE(fields,
        QStringList({ u"customer"_s, u"region"_s, u"lat"_s, u"windowStart"_s, u"amountCents"_s,
            u"contactPhone"_s }));

    f = valid();
    f.dueAt = m_now.addDays(400);
    f.customer = QString(201, u'x');
    QCOMPARE(f.problems(m_now).size(), 2);
    QCOMPARE(f.problems(m_now).at(1).field, u"dueAt"_s);
}

void tst_OrderForm::createBodyHoldsWhatWasTyped()
{
    OrderForm f = valid();
    f.windowStart = m_now;
    f.dropoffPosition = u"51.5512, -0.1318"_s;
    f.contactPhone = u"+44 20 7946 0000"_s;
    const QJsonObject body = f.createBody();
    QCOMPARE(body.value("customer"_L1).toString(), u"Acme Bakery"_s);
    QCOMPARE(body.value("amountCents"_L1).toInteger(), 2482);
    QCOMPARE(body.value("dueAt"_L1).toString(), u"2026-11-22T10:00:00.000Z"_s);
    QCOMPARE(body.value("windowStart"_L1).toString(), u"2026-11-22T09:00:00.000Z"_s);
    QCOMPARE(body.value("lat"_L1).toDouble(), 51.5512);
    QCOMPARE(body.value("lon"_L1).toDouble(), -0.1318);
    QVERIFY(!body.contains("pickupLat"_L1));
    QVERIFY(!body.contains("notes"_L1)); // empty optional fields are left out
    QVERIFY(!body.contains("externalRef"_L1));
}

void tst_OrderForm::changesAreOnlyWhatDiffers()
{
    const QJsonObject row { { "id"_L1, u"ORD-00007"_s }, { "customer"_L1, u"Acme"_s },
        { "region"_L1, u"north"_s }, { "pickup"_L1, u"North Depot"_s },
        { "dropoff"_L1, u"141 Market Sq"_s }, { "dueAt"_L1, u"2026-11-22T10:00:00.000Z"_s },
        { "windowStart"_L1, u"2026-11-22T09:00:00.000Z"_s }, { "amountCents"_L1, 2482 },
        { "lat"_L1, 51.5512 }, { "lon"_L1, -0.1318 }, { "notes"_L1, u""_s } };
    OrderForm f = OrderForm::fromRow(row);
    QCOMPARE(f.amount, u"24.82"_s);
    QVERIFY(f.changesFrom(row).isEmpty()); // opened and saved unchanged: nothing to send

    f.notes = u"Back door"_s;
    f.windowStart = {}; // the window goes
    f.dropoffPosition.clear(); // so does the position
    f.customer = u"Someone else"_s; // not editable: never sent
    const QJsonObject changes = f.changesFrom(row);
    QCOMPARE(changes,
        QJsonObject({ { "notes"_L1, u"Back door"_s }, { "windowStart"_L1, QJsonValue::Null },
            { "lat"_L1, QJsonValue::Null }, { "lon"_L1, QJsonValue::Null } }));

    f = OrderForm::fromRow(row);
    f.dueAt = f.dueAt.addSecs(900);
    f.amount = u"25"_s;
    QCOMPARE(changes.size(), 4);
    QCOMPARE(f.changesFrom(row),
        QJsonObject({ { "dueAt"_L1, u"2026-11-22T10:15:00.000Z"_s }, { "amountCents"_L1, 2500 } }));
}

QTEST_APPLESS_MAIN(tst_OrderForm)
#include "tst_orderform.moc"
