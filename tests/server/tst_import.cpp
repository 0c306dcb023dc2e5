// The CSV import of orders against the real opsboard-server process: the template, separators,
// byte order marks and line ends, the dry run's report, all or nothing (and partial), no
// duplicates on a re-import, rows outside the caller's regions, formula-looking cells kept as
// text, one event for the whole import that every client can act on, and the same import as
// `opsboard-server import orders FILE` into the database of the running server.

#include <memory>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "frameclient.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;

namespace {

QString inHours(int hours)
{
    return QDateTime::currentDateTimeUtc().addSecs(qint64(hours) * 3600).toString(Qt::ISODate);
}

const QByteArray kHeader =
    "externalRef,customer,contactName,contactPhone,pickup,dropoff,lat,lon,dueAt,region,amount,"
    "notes";

//! One valid row for kHeader.
QByteArray row(const QString &ref, const QString &region = u"north"_s, const QString &extra = {})
{
    return u"%1,Cafe %1,Ann,+44 1234 5678,North Depot,\"1 High St, Flat %2\",51.55,-0.13,%3,%4,"
           "24.82,%5"_s.arg(ref)
               .arg(ref.size())
               .arg(inHours(5), region, extra)
               .toUtf8();
}

QByteArray csv(const QList<QByteArray> &rows)
{
    QByteArray out = kHeader + "\r\n";
    for (const QByteArray &r : rows)
        out += r + "\r\n";
    return out;
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runServerCommand(const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral(OPS_SERVER_BINARY), args);
    Run run;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class tst_Import : public QObject
{
    Q_OBJECT

private:
    HttpResult post(const QByteArray &body, const QString &query = {},
        const QString &token = u"demo-dispatcher"_s,
        const QByteArray &contentType = "text/csv; charset=utf-8");
    QByteArray position();
    QHash<QString, QJsonObject> ordersByRef();
    QList<QJsonObject> eventsOfType(const QString &type) const;

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FrameClient> m_watcher;
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void theTemplateImports();
    void separatorsByteOrderMarksAndLineEnds_data();
    void separatorsByteOrderMarksAndLineEnds();
    void dryRunReportsEveryBadRowAndWritesNothing();
    void allOrNothingUnlessPartial();
    void reimportCreatesNoDuplicates();
    void rowsOutsideTheCallersRegionsAreRefused();
    void formulaCellsAreKeptAsText();
    void oneEventAnnouncesTheImportAndADeltaReadBringsTheRows();
    void theCommandImportsIntoTheRunningServersDatabase();
};

HttpResult tst_Import::post(const QByteArray &body, const QString &query, const QString &token,
    const QByteArray &contentType)
{
    return sendHttp(m_nam, "POST",
        QUrl(m_server->baseUrl().toString() + u"/api/orders/import"_s + query), token, body,
        { { "Content-Type", contentType } });
}

QByteArray tst_Import::position()
{
    return sendHttp(m_nam, "GET", QUrl(m_server->baseUrl().toString() + u"/api/orders?limit=0"_s),
        u"demo-manager"_s)
        .headers.value("opsboard-position");
}

QHash<QString, QJsonObject> tst_Import::ordersByRef()
{
    QHash<QString, QJsonObject> out;
    const HttpResult list = sendHttp(
        m_nam, "GET", QUrl(m_server->baseUrl().toString() + u"/api/orders"_s), u"demo-manager"_s);
    for (const QJsonValue &v : list.json.array()) {
        const QString ref = v.toObject().value("externalRef"_L1).toString();
        if (!ref.isEmpty())
            out.insert(ref, v.toObject());
    }
    return out;
}

QList<QJsonObject> tst_Import::eventsOfType(const QString &type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &f : m_watcher->frames) {
        if (f.value("type"_L1).toString() == type)
            out.append(f);
    }
    return out;
}

void tst_Import::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(m_server->start(0,
                 { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--orders"_s,
                     u"20"_s, u"--seed"_s, u"5"_s }),
        qPrintable(m_server->errorString()));
    m_watcher = std::make_unique<FrameClient>();
    QSignalSpy connected(&m_watcher->socket, &QWebSocket::connected);
    m_watcher->socket.open(m_server->socketUrl());
    QVERIFY(connected.wait(5000));
    // A dispatcher of north and east: an import concerns every region, so it hears of it.
    m_watcher->send(uR"({"op":"auth","token":"demo-dispatcher"})"_s);
    m_watcher->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    QTRY_VERIFY(m_watcher->ops().contains(u"subscribed"_s));
}

void tst_Import::cleanupTestCase()
{
    m_watcher.reset();
    m_nam.clearConnectionCache();
    m_server.reset();
}

void tst_Import::theTemplateImports()
{
    QFile file(QStringLiteral(OPS_RESOURCES_DIR) + u"/orders-template.csv"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    // The template's example times are fixed; move them into the accepted range.
    const QByteArray day =
        QDateTime::currentDateTimeUtc().addDays(1).date().toString(Qt::ISODate).toUtf8();
    text.replace("2026-11-22", day);
    const HttpResult r = post(text, u"?dryRun=1"_s, u"demo-manager"_s);
    QCOMPARE(r.status, 200);
    const QJsonObject report = r.json.object();
    QCOMPARE(report.value("problemCount"_L1).toInt(), 0);
    QCOMPARE(report.value("rowsRead"_L1).toInt(), 2);
    QCOMPARE(report.value("created"_L1).toInt(), 2);
    QCOMPARE(report.value("dryRun"_L1), QJsonValue(true));
    const HttpResult real = post(text, {}, u"demo-manager"_s);
    QCOMPARE(real.status, 200);
    const QHash<QString, QJsonObject> orders = ordersByRef();
    const QJsonObject clinic = orders.value(u"SHOP-10002"_s);
    QCOMPARE(
        clinic.value("notes"_L1).toString(), u"Reception closes at 18:00; ask for \"Dr. Lee\""_s);
    QCOMPARE(clinic.value("amountCents"_L1).toInteger(), 1250);
    QCOMPARE(clinic.value("dropoff"_L1).toString(), u"7 Oak St, Flat 2"_s);
    QCOMPARE(orders.value(u"SHOP-10001"_s).value("pickupLat"_L1).toDouble(), 51.548);
}

void tst_Import::separatorsByteOrderMarksAndLineEnds_data()
{
    QTest::addColumn<QByteArray>("separator");
    QTest::addColumn<bool>("bom");
    QTest::addColumn<QByteArray>("lineEnd");
    QTest::newRow("comma, LF") << QByteArray(",") << false << QByteArray("\n");
    QTest::newRow("comma, BOM, CRLF") << QByteArray(",") << true << QByteArray("\r\n");
    QTest::newRow("semicolon, CRLF") << QByteArray(";") << false << QByteArray("\r\n");
    QTest::newRow("semicolon, BOM, LF") << QByteArray(";") << true << QByteArray("\n");
}

void tst_Import::separatorsByteOrderMarksAndLineEnds()
{
    QFETCH(QByteArray, separator);
    QFETCH(bool, bom);
    QFETCH(QByteArray, lineEnd);
    QString tag;
    for (const QChar c : QString::fromLatin1(QTest::currentDataTag())) {
        if (c.isLetterOrNumber())
            tag += c;
    }
    const QByteArray s = separator;
    // A semicolon file from a comma-decimal spreadsheet writes 24,82 and 51,55.
    const QByteArray decimals = s == ";" ? "," : ".";
    QByteArray text = bom ? QByteArray("\xef\xbb\xbf") : QByteArray();
    text += "externalRef" + s + "customer" + s + "pickup" + s + "dropoff" + s + "lat" + s + "lon"
        + s + "dueAt" + s + "region" + s + "amount" + s + "notes" + lineEnd;
    for (int i = 0; i < 3; ++i) {
        text += "SEP-" + tag.toUtf8() + "-" + QByteArray::number(i) + s + "Café Müller" + s
            + "Depot" + s + "\"Straße 1" + s + " Hof\"" + s + "51" + decimals + "55" + s + "-0"
            + decimals + "13" + s + inHours(3).toUtf8() + s + "east" + s + "24" + decimals + "82"
            + s + "\"two" + lineEnd + "lines\"" + lineEnd;
    }
    const HttpResult r = post(text);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.object().value("created"_L1).toInt(), 3);
    const QJsonObject order = ordersByRef().value(u"SEP-%1-0"_s.arg(tag));
    QCOMPARE(order.value("customer"_L1).toString(), u"Café Müller"_s);
    QCOMPARE(order.value("dropoff"_L1).toString(), u"Straße 1%1 Hof"_s.arg(QString::fromLatin1(s)));
    QCOMPARE(order.value("amountCents"_L1).toInteger(), 2482);
    QCOMPARE(order.value("lat"_L1).toDouble(), 51.55);
    QCOMPARE(order.value("notes"_L1).toString(), u"two%1lines"_s.arg(QString::fromLatin1(lineEnd)));
}

void tst_Import::dryRunReportsEveryBadRowAndWritesNothing()
{
    const QByteArray text =
        csv({ row(u"DRY-1"_s), row(u"DRY-2"_s, u"north"_s).replace("24.82", "lots"),
            row(u"DRY-3"_s).replace(inHours(5).toUtf8(), "next week"), row(u"DRY-1"_s),
            "DRY-5,too few cells", row(u"DRY-6"_s, u"North Side"_s) });
    const QByteArray before = position();
    const HttpResult r = post(text, u"?dryRun=1"_s);
    QCOMPARE(r.status, 200);
    const QJsonObject report = r.json.object();
    QCOMPARE(report.value("dryRun"_L1), QJsonValue(true));
    QCOMPARE(report.value("rowsRead"_L1).toInt(), 6);
    QCOMPARE(report.value("rowsValid"_L1).toInt(), 1);
    QCOMPARE(report.value("created"_L1).toInt(), 1);
    QCOMPARE(report.value("problemCount"_L1).toInt(), 5);
    QList<std::pair<int, QString>> problems;
    for (const QJsonValue &v : report.value("problems"_L1).toArray()) {
        const QJsonObject p = v.toObject();
        QVERIFY(!p.value("reason"_L1).toString().isEmpty());
        problems.append({ p.value("row"_L1).toInt(), p.value("field"_L1).toString() });
    }
    // Row numbers as a spreadsheet shows them (the header is row 1).
    QCOMPARE(problems,
        (QList<std::pair<int, QString>> { { 3, u"amount"_s }, { 4, u"dueAt"_s },
            { 5, u"externalRef"_s }, { 6, QString() }, { 7, u"region"_s } }));
    QCOMPARE(position(), before);
    QVERIFY(!ordersByRef().contains(u"DRY-1"_s));
}

void tst_Import::allOrNothingUnlessPartial()
{
    const QByteArray text =
        csv({ row(u"AON-1"_s), row(u"AON-2"_s), row(u"AON-3"_s).replace("north", "no where") });
    const QByteArray before = position();
    const HttpResult refused = post(text);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.error(), u"bad_request"_s);
    QVERIFY(refused.message().contains(u"nothing was imported"_s));
    const QJsonObject report = refused.json.object().value("report"_L1).toObject();
    QCOMPARE(report.value("problemCount"_L1).toInt(), 1);
    QCOMPARE(report.value("problems"_L1).toArray().at(0).toObject().value("row"_L1).toInt(), 4);
    QCOMPARE(position(), before);
    QVERIFY(!ordersByRef().contains(u"AON-1"_s));

    const HttpResult partial = post(text, u"?partial=1"_s);
    QCOMPARE(partial.status, 200);
    QCOMPARE(partial.json.object().value("created"_L1).toInt(), 2);
    QCOMPARE(partial.json.object().value("problemCount"_L1).toInt(), 1);
    const auto orders = ordersByRef();
    QVERIFY(orders.contains(u"AON-1"_s) && orders.contains(u"AON-2"_s));
    QVERIFY(!orders.contains(u"AON-3"_s));
    // New ids, in file order, as the report says.
    QCOMPARE(orders.value(u"AON-1"_s).value("id"_L1).toString(),
        partial.json.object().value("firstId"_L1).toString());
    QCOMPARE(orders.value(u"AON-2"_s).value("id"_L1).toString(),
        partial.json.object().value("lastId"_L1).toString());
}

void tst_Import::reimportCreatesNoDuplicates()
{
    const QByteArray text = csv({ row(u"RE-1"_s), row(u"RE-2"_s), row(u"RE-3"_s) });
    const HttpResult first = post(text);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json.object().value("created"_L1).toInt(), 3);
    const QHash<QString, QJsonObject> before = ordersByRef();
    const QByteArray afterFirst = position();
    // The same file again: every row found, nothing written, no event.
    const HttpResult again = post(text);
    QCOMPARE(again.status, 200);
    const QJsonObject report = again.json.object();
    QCOMPARE(report.value("created"_L1).toInt(), 0);
    QCOMPARE(report.value("existingCount"_L1).toInt(), 3);
    QVERIFY(!report.contains("import"_L1));
    const QJsonObject existing = report.value("existing"_L1).toArray().at(1).toObject();
    QCOMPARE(existing.value("row"_L1).toInt(), 3);
    QCOMPARE(existing.value("externalRef"_L1).toString(), u"RE-2"_s);
    QCOMPARE(existing.value("id"_L1).toString(), before.value(u"RE-2"_s).value("id"_L1).toString());
    QCOMPARE(position(), afterFirst);
    // The file with one more row: only that one is new.
    const HttpResult grown =
        post(csv({ row(u"RE-1"_s), row(u"RE-2"_s), row(u"RE-3"_s), row(u"RE-4"_s) }));
    QCOMPARE(grown.json.object().value("created"_L1).toInt(), 1);
    QCOMPARE(grown.json.object().value("existingCount"_L1).toInt(), 3);
    int count = 0;
    for (const QJsonObject &o : ordersByRef())
        count += o.value("externalRef"_L1).toString().startsWith(u"RE-"_s);
    QCOMPARE(count, 4);
}

void tst_Import::rowsOutsideTheCallersRegionsAreRefused()
{
    // demo-dispatcher works north and east.
    const HttpResult r =
        post(csv({ row(u"REG-1"_s, u"east"_s), row(u"REG-2"_s, u"south"_s) }), u"?dryRun=1"_s);
    QCOMPARE(r.status, 200);
    const QJsonObject problem = r.json.object().value("problems"_L1).toArray().at(0).toObject();
    QCOMPARE(problem.value("row"_L1).toInt(), 3);
    QCOMPARE(problem.value("field"_L1).toString(), u"region"_s);
    QVERIFY(problem.value("reason"_L1).toString().contains(u"outside your regions"_s));
    QCOMPARE(post(csv({ row(u"REG-1"_s) }), {}, u"demo-viewer"_s).status, 403);
    QCOMPARE(post(csv({ row(u"REG-1"_s) }), {}, {}).status, 401);
}

void tst_Import::formulaCellsAreKeptAsText()
{
    // Cells a spreadsheet would run: stored as the text they are, never evaluated or changed.
    QByteArray text = kHeader + "\n";
    text += "F-1,=1+2,@SUM(A1),+44 20 1234,\"=HYPERLINK(\"\"http://x\"\")\",-dropoff,,,"
        + inHours(3).toUtf8() + ",north,5,\"-2+3\"\n";
    const HttpResult r = post(text);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.object().value("created"_L1).toInt(), 1);
    const QJsonObject order = ordersByRef().value(u"F-1"_s);
    QCOMPARE(order.value("customer"_L1).toString(), u"=1+2"_s);
    QCOMPARE(order.value("contactName"_L1).toString(), u"@SUM(A1)"_s);
    QCOMPARE(order.value("pickup"_L1).toString(), u"=HYPERLINK(\"http://x\")"_s);
    QCOMPARE(order.value("dropoff"_L1).toString(), u"-dropoff"_s);
    QCOMPARE(order.value("notes"_L1).toString(), u"-2+3"_s);
    // In a number column a formula is not a number.
    QByteArray numeric = kHeader + "\n";
    numeric += "F-2,Cafe,,,Depot,1 St,,," + inHours(3).toUtf8() + ",north,=SUM(1;2),\n";
    const HttpResult refused = post(numeric, u"?dryRun=1"_s);
    QCOMPARE(
        refused.json.object().value("problems"_L1).toArray().at(0).toObject().value("field"_L1),
        QJsonValue(u"amount"_s));
}

void tst_Import::oneEventAnnouncesTheImportAndADeltaReadBringsTheRows()
{
    const qint64 since = position().split(':').value(1).toLongLong();
    const qsizetype seen = eventsOfType(u"import.created"_s).size();
    QList<QByteArray> rows;
    for (int i = 0; i < 250; ++i)
        rows.append(row(u"EV-%1"_s.arg(i), i % 2 ? u"north"_s : u"south"_s));
    const HttpResult r = post(csv(rows), {}, u"demo-manager"_s);
    QCOMPARE(r.status, 200);
    const QJsonObject report = r.json.object();
    QCOMPARE(report.value("created"_L1).toInt(), 250);
    const qint64 seq = report.value("position"_L1).toObject().value("seq"_L1).toInteger();
    QCOMPARE(seq, since + 1); // one event for the whole file
    QTRY_COMPARE(eventsOfType(u"import.created"_s).size(), seen + 1);
    const QJsonObject event = eventsOfType(u"import.created"_s).constLast();
    QCOMPARE(event.value("seq"_L1).toInteger(), seq);
    QCOMPARE(event.value("entity"_L1).toString(), u"import"_s);
    QCOMPARE(event.value("id"_L1).toString(), report.value("import"_L1).toString());
    QCOMPARE(event.value("fields"_L1).toObject().value("created"_L1).toInt(), 250);
    QCOMPARE(event.value("fields"_L1).toObject().value("firstId"_L1), report.value("firstId"_L1));
    // What a client does with it: a delta read since the event before brings the rows it may
    // see (the dispatcher: north only of these).
    const HttpResult delta = sendHttp(m_nam, "GET",
        QUrl(m_server->baseUrl().toString() + u"/api/orders?since=%1"_s.arg(since)),
        u"demo-dispatcher"_s);
    QCOMPARE(delta.status, 200);
    const QJsonArray changed = delta.json.object().value("changed"_L1).toArray();
    QCOMPARE(changed.size(), 125);
    for (const QJsonValue &v : changed)
        QCOMPARE(v.toObject().value("region"_L1).toString(), u"north"_s);
}

void tst_Import::theCommandImportsIntoTheRunningServersDatabase()
{
    const QString path = m_dir.filePath(u"orders.csv"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(csv({ row(u"CLI-1"_s), row(u"CLI-2"_s, u"west"_s) }));
    file.close();
    const QString db = m_server->databasePath();
    const QByteArray before = position();
    const Run dry =
        runServerCommand({ u"import"_s, u"orders"_s, path, u"--db"_s, db, u"--dry-run"_s });
    QCOMPARE(dry.exitCode, 0);
    QVERIFY2(dry.out.contains("2 rows read, 2 valid, 2 would be new"), dry.out.constData());
    QCOMPARE(position(), before);

    const qsizetype seen = eventsOfType(u"import.created"_s).size();
    const Run real = runServerCommand(
        { u"import"_s, u"orders"_s, path, u"--db"_s, db, u"--as"_s, u"night-shift"_s });
    QCOMPARE(real.exitCode, 0);
    QVERIFY2(real.out.contains("imported as IMP-"), real.out.constData());
    // The running server hears of another process's commit and tells its clients.
    QTRY_COMPARE_WITH_TIMEOUT(eventsOfType(u"import.created"_s).size(), seen + 1, 10000);
    const QJsonObject order = ordersByRef().value(u"CLI-2"_s);
    QCOMPARE(order.value("region"_L1).toString(), u"west"_s);
    const HttpResult history = sendHttp(m_nam, "GET",
        QUrl(m_server->baseUrl().toString()
            + u"/api/orders/%1/history"_s.arg(order.value("id"_L1).toString())),
        u"demo-manager"_s);
    QCOMPARE(history.json.array().at(0).toObject().value("actor"_L1).toString(), u"night-shift"_s);

    // Again: nothing new. A broken file: exit 1 with the reason, nothing written.
    const Run again = runServerCommand({ u"import"_s, u"orders"_s, path, u"--db"_s, db });
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("nothing new to import"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("externalRef,colour\nX,red\n");
    file.close();
    const QByteArray afterImport = position();
    const Run broken = runServerCommand({ u"import"_s, u"orders"_s, path, u"--db"_s, db });
    QCOMPARE(broken.exitCode, 1);
    QVERIFY2(broken.err.contains("unknown column 'colour'"), broken.err.constData());
    QCOMPARE(position(), afterImport);
    const Run usage = runServerCommand({ u"import"_s, u"drivers"_s, path });
    QCOMPARE(usage.exitCode, 2);
}

QTEST_GUILESS_MAIN(tst_Import)
#include "tst_import.moc"
