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

QTEST_APPLESS_MAIN(tst_RowPatch)
#include "tst_rowpatch.moc"
