#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "sync/rowpatch.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonValue json(const char *text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

} // namespace

class tst_RowPatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patch_data();
    void patch();
    void batchInOnePass();
    void createdRowIsInsertedWhole();
};

void tst_RowPatch::patch_data()
{
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<qint64>("version");
    QTest::addColumn<QJsonValue>("expected"); // null = no change
    const QJsonValue list =
        json(R"([{"id":"D1","lat":1,"version":3},{"id":"D2","lat":2,"version":1}])");
    QTest::newRow("newer patches the row")
        << list << qint64(4)
        << json(R"([{"id":"D1","lat":9,"version":4},{"id":"D2","lat":2,"version":1}])");
    QTest::newRow("same version is ignored") << list << qint64(3) << QJsonValue();
    QTest::newRow("older version never rolls back") << list << qint64(2) << QJsonValue();
    QTest::newRow("unknown id") << json(R"([{"id":"D7","version":1}])") << qint64(9)
                                << QJsonValue();
    QTest::newRow("single row") << json(R"({"id":"D1","lat":1,"version":3})") << qint64(5)
                                << json(R"({"id":"D1","lat":9,"version":5})");
    QTest::newRow("not rows") << QJsonValue(42) << qint64(5) << QJsonValue();
}

void tst_RowPatch::patch()
{
    QFETCH(QJsonValue, data);
    QFETCH(qint64, version);
    QFETCH(QJsonValue, expected);
    ChangeEvent e;
    e.id = u"D1"_s;
    e.version = version;
    e.fields = QJsonObject { { "lat"_L1, 9 }, { "id"_L1, u"evil"_s } }; // id is never patched
    const auto result = patchRows(data, e);
    if (expected.isNull()) {
        QVERIFY(!result);
    } else {
        QVERIFY(result);
        QCOMPARE(*result, expected);
    }
}

void tst_RowPatch::batchInOnePass()
{
    const auto event = [](const QString &id, qint64 version, const QJsonObject &fields) {
        ChangeEvent e;
        e.id = id;
        e.version = version;
        e.fields = fields;
        return e;
    };
    const QJsonValue list =
        json(R"([{"id":"O1","status":"new","version":1},{"id":"O2","status":"new","version":4}])");
    QList<ChangeEvent> unknown;
    // In order: O1 twice (both newer), O2 older (skipped), O3 not in the list (unknown).
    const auto result = patchRows(list,
        { event(u"O1"_s, 2, { { "status"_L1, u"assigned"_s } }),
            event(u"O1"_s, 3, { { "status"_L1, u"picked_up"_s } }),
            event(u"O2"_s, 3, { { "status"_L1, u"cancelled"_s } }),
            event(u"O3"_s, 1, { { "status"_L1, u"new"_s } }) },
        &unknown);
    QVERIFY(result);
    QCOMPARE(*result,
        json(
            R"([{"id":"O1","status":"picked_up","version":3},{"id":"O2","status":"new","version":4}])"));
    QCOMPARE(unknown.size(), 1);
    QCOMPARE(unknown.first().id, u"O3"_s);
    // Nothing newer: no new value.
    unknown.clear();
    QVERIFY(!patchRows(*result, { event(u"O1"_s, 3, { { "status"_L1, u"new"_s } }) }, &unknown));
    QVERIFY(unknown.isEmpty());
    // One row (an item query): events of other rows are not its business.
    const auto one = patchRows(json(R"({"id":"O1","status":"new","version":1})"),
        { event(u"O1"_s, 2, { { "status"_L1, u"assigned"_s } }),
            event(u"O1"_s, 3, { { "status"_L1, u"picked_up"_s } }) },
        &unknown);
    QVERIFY(one);
    QCOMPARE(*one, json(R"({"id":"O1","status":"picked_up","version":3})"));
}

void tst_RowPatch::createdRowIsInsertedWhole()
{
    const QJsonValue list = json(R"([{"id":"O1","status":"new","version":1}])");
    ChangeEvent created;
    created.type = u"order.created"_s;
    created.id = u"O2"_s;
    created.version = 1;
    created.fields = QJsonObject { { "id"_L1, u"O2"_s }, { "status"_L1, u"new"_s },
        { "version"_L1, 1 }, { "customer"_L1, u"Acme"_s } };
    // A partial change of a row the list lacks still needs a fetch.
    ChangeEvent partial;
    partial.type = u"order.updated"_s;
    partial.id = u"O3"_s;
    partial.version = 2;
    partial.fields = QJsonObject { { "status"_L1, u"assigned"_s } };
    QList<ChangeEvent> unknown;
    const auto result = patchRows(list, { created, partial }, &unknown);
    QVERIFY(result);
    QCOMPARE(*result,
        json(R"([{"id":"O1","status":"new","version":1},)"
             R"({"customer":"Acme","id":"O2","status":"new","version":1}])"));
    QCOMPARE(unknown.size(), 1);
    QCOMPARE(unknown.first().id, u"O3"_s);
    // The same event again (a replay) changes nothing; a row whose id is not the event's is not
    // taken as whole.
    unknown.clear();
    QVERIFY(!patchRows(*result, { created }, &unknown));
    created.id = u"O4"_s;
    QVERIFY(!patchRows(*result, { created }, &unknown));
    QCOMPARE(unknown.size(), 1);
}

QTEST_APPLESS_MAIN(tst_RowPatch)
#include "tst_rowpatch.moc"
