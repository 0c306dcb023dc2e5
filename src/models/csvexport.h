#pragma once

#include <QList>
#include <QString>

class QAbstractItemModel;
class QLocale;

namespace Ops {

//! \brief How a CSV file is written.
struct CsvFormat
{
    //! `,` by default; `;` where spreadsheets expect it (forLocale()).
    QChar separator = QLatin1Char(',');
    //! A UTF-8 byte order mark first: without it Excel reads the file in the legacy code page
    //! and garbles every non-ASCII letter.
    bool byteOrderMark = true;
    //! Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) is
    //! written with a leading `'`, so an order's customer field cannot become a formula.
    bool escapeFormulas = true;

    //! The format a spreadsheet in \a locale opens without an import dialog: `;` where the
    //! decimal separator is a comma (German, French, …: their list separator is `;`), else `,`.
    [[nodiscard]] static CsvFormat forLocale(const QLocale &locale);

    friend bool operator==(const CsvFormat &, const CsvFormat &) = default;
};

//! \brief Writes a table model as CSV (RFC 4180 quoting, CRLF line ends) in a CsvFormat.
class CsvExport
{
public:
    //! One field: formula-looking text escaped (when the format says so), then quoted when it
    //! holds a separator (`,` or `;`), a quote, a line break, or spaces at either end.
    [[nodiscard]] static QString field(const QString &text, const CsvFormat &format = {});
    //! The header texts and then every row of \a model, columns \a columns in that order
    //! (DisplayRole text).
    [[nodiscard]] static QString table(
        const QAbstractItemModel &model, const QList<int> &columns, const CsvFormat &format = {});
    //! \a csv as the bytes of a file: UTF-8, with the byte order mark when the format asks.
    [[nodiscard]] static QByteArray encode(const QString &csv, const CsvFormat &format = {});
    //! Writes \a csv to \a fileName atomically (QSaveFile); false with \a error on failure.
    static bool save(const QString &fileName, const QString &csv, const CsvFormat &format,
        QString *error = nullptr);
};

} // namespace Ops
