// readCsv(): RFC 4180 quoting, both separators, byte order marks and line ends, and every
// refusal with its reason, where, and its metrics label.

#include <QTest>

#include "server/domain/csvreader.h"

using namespace Qt::StringLiterals;
using Ops::CsvLimits;
using Ops::CsvTable;
using Ops::ErrorKind;

Q_DECLARE_METATYPE(Ops::CsvLimits)
Q_DECLARE_METATYPE(Ops::ErrorKind)

class tst_CsvReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reads_data();
    void reads();
    void refuses_data();
    void refuses();
    void numbersRowsAsASpreadsheetAndLinesAsAFile();
    void cellsAreNeverEvaluated();
};

void tst_CsvReader::reads_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<char>("separator");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QList<QStringList>>("rows");
    const QStringList ab { u"a"_s, u"b"_s };
    QTest::newRow("comma") << QByteArray("a,b\n1,2\n") << ',' << ab
                           << QList<QStringList> { { u"1"_s, u"2"_s } };
    QTest::newRow("semicolon, CRLF") << QByteArray("a;b\r\n1,5;2\r\n") << ';' << ab
                                     << QList<QStringList> { { u"1,5"_s, u"2"_s } };
    QTest::newRow("BOM, no final line end") << QByteArray(
        "\xef\xbb\xbf"
        "a,b\n1,2") << ',' << ab << QList<QStringList> { { u"1"_s, u"2"_s } };
    QTest::newRow("quoted separator, quote, line break")
        << QByteArray("a,b\n\"x,y\",\"say \"\"hi\"\"\nthere\"\n") << ',' << ab
        << QList<QStringList> { { u"x,y"_s, u"say \"hi\"\nthere"_s } };
    QTest::newRow("empty cells and blank records")
        << QByteArray("a,b\n\n,2\n,\n\r\n3,\n") << ',' << ab
        << QList<QStringList> { { QString(), u"2"_s }, { u"3"_s, QString() } };
    QTest::newRow("UTF-8 text") << QByteArray("a,b\nCafé,Straße 🚲\n") << ',' << ab
                                << QList<QStringList> { { u"Café"_s, u"Straße 🚲"_s } };
    QTest::newRow("ragged rows are returned as they are")
        << QByteArray("a,b\n1\n1,2,3\n") << ',' << ab
        << QList<QStringList> { { u"1"_s }, { u"1"_s, u"2"_s, u"3"_s } };
}

void tst_CsvReader::reads()
{
    QFETCH(QByteArray, bytes);
    QFETCH(char, separator);
    QFETCH(QStringList, header);
    QFETCH(QList<QStringList>, rows);
    CsvTable table;
    const Ops::Error e = Ops::readCsv(bytes, CsvLimits {}, &table);
    QVERIFY2(e.ok(), qPrintable(e.message));
    QCOMPARE(table.separator, separator);
    QCOMPARE(table.header, header);
    QList<QStringList> cells;
    for (const Ops::CsvRow &row : table.rows)
        cells.append(row.cells);
    QCOMPARE(cells, rows);
}

void tst_CsvReader::refuses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<CsvLimits>("limits");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("says");
    const CsvLimits normal;
    QTest::newRow("empty") << QByteArray() << normal << ErrorKind::BadRequest << u"empty"_s
                           << u"empty"_s;
    QTest::newRow("only blank lines")
        << QByteArray("\n\r\n,,\n") << normal << ErrorKind::BadRequest << u"empty"_s << u"empty"_s;
    QTest::newRow("UTF-16") << QByteArray("\xff\xfe"
                                          "a\0,\0b\0",
        8) << normal << ErrorKind::BadRequest
                            << u"encoding"_s << u"UTF-16"_s;
    QTest::newRow("Latin-1") << QByteArray("a,b\nCaf\xe9,1\n") << normal << ErrorKind::BadRequest
                             << u"encoding"_s << u"line 2 (byte 8): not UTF-8"_s;
    QTest::newRow("overlong UTF-8") << QByteArray("a,b\n\xc0\xaf,1\n") << normal
                                    << ErrorKind::BadRequest << u"encoding"_s << u"not UTF-8"_s;
    QTest::newRow("surrogate in UTF-8") << QByteArray("a,b\n\xed\xa0\x80,1\n") << normal
                                        << ErrorKind::BadRequest << u"encoding"_s << u"not UTF-8"_s;
    QTest::newRow("NUL") << QByteArray("a,b\n1,\0\n", 8) << normal << ErrorKind::BadRequest
                         << u"encoding"_s << u"line 2: a NUL byte"_s;
    QTest::newRow("unterminated quote")
        << QByteArray("a,b\n1,\"open\n2,3\n") << normal << ErrorKind::BadRequest << u"malformed"_s
        << u"line 2: a quoted field is not closed"_s;
    QTest::newRow("stray quote") << QByteArray("a,b\n1,ab\"c\n") << normal << ErrorKind::BadRequest
                                 << u"malformed"_s << u"line 2: a quote inside"_s;
    QTest::newRow("text after quote")
        << QByteArray("a,b\n\"x\"y,1\n") << normal << ErrorKind::BadRequest << u"malformed"_s
        << u"text after a closing quote"_s;
    CsvLimits small;
    small.maxBytes = 64;
    small.maxRowBytes = 16;
    small.maxRows = 2;
    QTest::newRow("file too large") << QByteArray(65, 'a') << small << ErrorKind::PayloadTooLarge
                                    << u"too_large"_s << u"larger than 64 bytes"_s;
    QTest::newRow("row too long") << QByteArray("a,b\n1,2\n12345678,12345678\n") << small
                                  << ErrorKind::PayloadTooLarge << u"too_large"_s
                                  << u"line 3: a row longer than 16 bytes"_s;
    QTest::newRow("row too long, quoted")
        << QByteArray("a,b\n\"1\n2\n3\n4\n5\n6\n7\n8\n9\",1\n") << small
        << ErrorKind::PayloadTooLarge << u"too_large"_s << u"line 2"_s;
    QTest::newRow("too many rows")
        << QByteArray("a\n1\n2\n3\n") << small << ErrorKind::PayloadTooLarge << u"too_large"_s
        << u"more than 2 rows"_s;
}

void tst_CsvReader::refuses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(CsvLimits, limits);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, reason);
    QFETCH(QString, says);
    CsvTable table;
    QString label;
    const Ops::Error e = Ops::readCsv(bytes, limits, &table, &label);
    QCOMPARE(e.kind, kind);
    QVERIFY2(e.message.contains(says), qPrintable(e.message));
    QCOMPARE(label, reason);
}

void tst_CsvReader::numbersRowsAsASpreadsheetAndLinesAsAFile()
{
    CsvTable table;
    QVERIFY(Ops::readCsv("a,b\n1,\"x\ny\"\n\n2,z\n", CsvLimits {}, &table).ok());
    QCOMPARE(table.rows.size(), 2);
    QCOMPARE(table.rows.at(0).number, 2);
    QCOMPARE(table.rows.at(0).line, 2);
    QCOMPARE(table.rows.at(1).number, 3);
    QCOMPARE(table.rows.at(1).line, 5); // the quoted line break and the blank line count
}

void tst_CsvReader::cellsAreNeverEvaluated()
{
    CsvTable table;
    QVERIFY(Ops::readCsv("a,b,c,d\n=1+2,+3,-4,@SUM(A1)\n", CsvLimits {}, &table).ok());
    QCOMPARE(table.rows.at(0).cells, (QStringList { u"=1+2"_s, u"+3"_s, u"-4"_s, u"@SUM(A1)"_s }));
}

QTEST_APPLESS_MAIN(tst_CsvReader)
#include "tst_csvreader.moc"
