// CsvExport: RFC 4180 fields, the separator a German Excel expects, the byte order mark, and
// formula-looking cells escaped.

#include <QLocale>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include "models/csvexport.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_CsvExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void field_data();
    void field();
    void separatorFollowsTheLocale_data();
    void separatorFollowsTheLocale();
    void tableInColumnOrder();
    void fileIsUtf8WithByteOrderMark();
    void unwritableFileSaysWhy();
};

void tst_CsvExport::field_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QChar>("separator");
    QTest::addColumn<bool>("escape");
    QTest::addColumn<QString>("expected");
    const QChar comma = u',';
    const QChar semicolon = u';';
    QTest::newRow("plain") << u"ORD-00001"_s << comma << true << u"ORD-00001"_s;
    QTest::newRow("comma") << u"Smith, Jo"_s << comma << true << u"\"Smith, Jo\""_s;
    QTest::newRow("semicolon, ; file") << u"a;b"_s << semicolon << true << u"\"a;b\""_s;
    QTest::newRow("comma, ; file") << u"Smith, Jo"_s << semicolon << true << u"\"Smith, Jo\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << comma << true << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("line break") << u"two\nlines"_s << comma << true << u"\"two\nlines\""_s;
    QTest::newRow("padded") << u" padded"_s << comma << true << u"\" padded\""_s;
    QTest::newRow("umlaut") << u"Müller & Söhne"_s << comma << true << u"Müller & Söhne"_s;
    // A spreadsheet runs these as formulas: written as text instead.
    QTest::newRow("=") << u"=HYPERLINK(\"http://x\")"_s << comma << true
                       << u"\"'=HYPERLINK(\"\"http://x\"\")\""_s;
    QTest::newRow("+") << u"+49 30 1234"_s << comma << true << u"'+49 30 1234"_s;
    QTest::newRow("-") << u"-2+3"_s << comma << true << u"'-2+3"_s;
    QTest::newRow("@") << u"@SUM(A1:A9)"_s << comma << true << u"'@SUM(A1:A9)"_s;
    QTest::newRow("tab") << u"\t=1"_s << comma << true << u"'\t=1"_s;
    QTest::newRow("= in ; file") << u"=1;2"_s << semicolon << true << u"\"'=1;2\""_s;
    // Numbers are numbers, not formulas.
    QTest::newRow("negative") << u"-12"_s << comma << true << u"-12"_s;
    QTest::newRow("decimal") << u"-3.50"_s << comma << true << u"-3.50"_s;
    QTest::newRow("decimal comma") << u"+3,5"_s << semicolon << true << u"\"+3,5\""_s;
    QTest::newRow("not escaping") << u"=1+1"_s << comma << false << u"=1+1"_s;
}

void tst_CsvExport::field()
{
    QFETCH(QString, text);
    QFETCH(QChar, separator);
    QFETCH(bool, escape);
    QFETCH(QString, expected);
    CsvFormat format;
    format.separator = separator;
    format.escapeFormulas = escape;
    QCOMPARE(CsvExport::field(text, format), expected);
}

void tst_CsvExport::separatorFollowsTheLocale_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QChar>("separator");
    QTest::newRow("de_DE") << QLocale(QLocale::German, QLocale::Germany) << QChar(u';');
    QTest::newRow("de_AT") << QLocale(QLocale::German, QLocale::Austria) << QChar(u';');
    QTest::newRow("fr_FR") << QLocale(QLocale::French, QLocale::France) << QChar(u';');
    QTest::newRow("en_US") << QLocale(QLocale::English, QLocale::UnitedStates) << QChar(u',');
    QTest::newRow("en_GB") << QLocale(QLocale::English, QLocale::UnitedKingdom) << QChar(u',');
}

void tst_CsvExport::separatorFollowsTheLocale()
{
    QFETCH(QLocale, locale);
    QFETCH(QChar, separator);
    const CsvFormat format = CsvFormat::forLocale(locale);
    QCOMPARE(format.separator, separator);
    QVERIFY(format.byteOrderMark);
    QVERIFY(format.escapeFormulas);
}

void tst_CsvExport::tableInColumnOrder()
{
    QStandardItemModel model(2, 3);
    model.setHorizontalHeaderLabels({ u"Order"_s, u"Customer"_s, u"Amount"_s });
    const QStringList rows[] = { { u"ORD-1"_s, u"Müller, Jo"_s, u"12,50 €"_s },
        { u"ORD-2"_s, u"=cmd|' /C calc'!A0"_s, u"-3,00 €"_s } };
    for (int r = 0; r < 2; ++r) {
        for (int c = 0; c < 3; ++c)
            model.setItem(r, c, new QStandardItem(rows[r].at(c)));
    }
    // As a German Excel opens it: semicolons, the order the view shows (customer first, amount
    // hidden), the formula cell defused.
    const CsvFormat german = CsvFormat::forLocale(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(CsvExport::table(model, { 1, 0 }, german),
        u"Customer;Order\r\n\"Müller, Jo\";ORD-1\r\n'=cmd|' /C calc'!A0;ORD-2\r\n"_s);
    QCOMPARE(CsvExport::table(model, { 0, 2 }),
        u"Order,Amount\r\nORD-1,\"12,50 €\"\r\nORD-2,\"'-3,00 €\"\r\n"_s);
}

void tst_CsvExport::fileIsUtf8WithByteOrderMark()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"orders.csv"_s);
    const QString csv = u"Kunde;Auftrag\r\nMüller;ORD-1\r\n"_s;
    QVERIFY(CsvExport::save(path, csv, CsvFormat::forLocale(QLocale(QLocale::German))));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(QString::fromUtf8(bytes.mid(3)), csv);
    CsvFormat plain;
    plain.byteOrderMark = false;
    QCOMPARE(CsvExport::encode(csv, plain), csv.toUtf8());
}

void tst_CsvExport::unwritableFileSaysWhy()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!CsvExport::save(dir.filePath(u"no/such/dir/orders.csv"_s), u"a\r\n"_s, {}, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_CsvExport)
#include "tst_csvexport.moc"
