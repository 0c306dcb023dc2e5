#include "csvexport.h"

#include <QAbstractItemModel>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! A plain number ("-12", "+3.5", "1,25"): a spreadsheet reads it as the number it is.
bool isPlainNumber(const QString &text)
{
    static const QRegularExpression number(u"^[-+]?[0-9]+([.,][0-9]+)?$"_s);
    return number.match(text).hasMatch();
}

bool looksLikeFormula(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar first = text.front();
    return (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t'
               || first == u'\r')
        && !isPlainNumber(text);
}

} // namespace

CsvFormat CsvFormat::forLocale(const QLocale &locale)
{
    CsvFormat format;
    if (locale.decimalPoint() == u","_s)
        format.separator = u';';
    return format;
}

QString CsvExport::field(const QString &text, const CsvFormat &format)
{
    QString out = format.escapeFormulas && looksLikeFormula(text) ? u'\'' + text : text;
    const bool quote = out.contains(u',') || out.contains(u';') || out.contains(format.separator)
        || out.contains(u'"') || out.contains(u'\n') || out.contains(u'\r') || out.startsWith(u' ')
        || out.endsWith(u' ');
    if (!quote)
        return out;
    out.replace(u"\""_s, u"\"\""_s);
    return u'"' + out + u'"';
}

QString CsvExport::table(
    const QAbstractItemModel &model, const QList<int> &columns, const CsvFormat &format)
{
    QString out;
    QStringList fields;
    for (int c : columns)
        fields.append(field(model.headerData(c, Qt::Horizontal).toString(), format));
    out += fields.join(format.separator) + u"\r\n"_s;
    for (int row = 0; row < model.rowCount(); ++row) {
        fields.clear();
        for (int c : columns)
            fields.append(field(model.index(row, c).data().toString(), format));
        out += fields.join(format.separator) + u"\r\n"_s;
    }
    return out;
}

QByteArray CsvExport::encode(const QString &csv, const CsvFormat &format)
{
    return (format.byteOrderMark ? QByteArrayLiteral("\xEF\xBB\xBF") : QByteArray()) + csv.toUtf8();
}

bool CsvExport::save(
    const QString &fileName, const QString &csv, const CsvFormat &format, QString *error)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(encode(csv, format)) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace Ops
