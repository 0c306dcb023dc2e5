#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "ui/signindialog.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_SignInDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void urlAlwaysTokenOnlyWhenRemembered();
    void rejectedTokenIsNotOfferedAgain();
    void validatesInput();

private:
    QTemporaryDir m_dir;
};

void tst_SignInDialog::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_signindialog"_s);
}

void tst_SignInDialog::init()
{
    QSettings().clear();
}

void tst_SignInDialog::urlAlwaysTokenOnlyWhenRemembered()
{
    QSettings settings;
    SignInDialog dialog;
    dialog.setUrl(QUrl(u"https://ops.example.com"_s));
    dialog.setToken(u"secret-1"_s);
    dialog.setRemember(false);
    dialog.save(settings);
    QCOMPARE(SignInDialog::rememberedUrl(settings), QUrl(u"https://ops.example.com"_s));
    QCOMPARE(SignInDialog::rememberedToken(settings), QString());

    dialog.setRemember(true);
    dialog.save(settings);
    QCOMPARE(SignInDialog::rememberedToken(settings), u"secret-1"_s);

    SignInDialog next;
    next.load(settings);
    QCOMPARE(next.url(), QUrl(u"https://ops.example.com"_s));
    QCOMPARE(next.token(), u"secret-1"_s);
    QVERIFY(next.remember());

    // Unticking forgets the stored token.
    next.setRemember(false);
    next.save(settings);
    QCOMPARE(SignInDialog::rememberedToken(settings), QString());
    QCOMPARE(SignInDialog::rememberedUrl(settings), QUrl(u"https://ops.example.com"_s));
}

void tst_SignInDialog::rejectedTokenIsNotOfferedAgain()
{
    QSettings settings;
    settings.setValue(u"signIn/url"_s, u"http://127.0.0.1:8080"_s);
    settings.setValue(u"signIn/token"_s, u"old"_s);
    SignInDialog dialog;
    dialog.load(settings, {}, u"The server did not accept the token."_s);
    QCOMPARE(dialog.token(), QString());
    QCOMPARE(dialog.url(), QUrl(u"http://127.0.0.1:8080"_s));
    auto *message = dialog.findChild<QLabel *>(u"messageLabel"_s);
    QVERIFY(!message->isHidden());
    QVERIFY(message->text().contains(u"token"_s));
}

void tst_SignInDialog::validatesInput()
{
    SignInDialog dialog;
    dialog.setUrl(QUrl(u"ftp://x"_s));
    dialog.setToken(u"t"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    dialog.setUrl(QUrl(u"http://127.0.0.1:1"_s));
    dialog.setToken(QString());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    dialog.setToken(u"t"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.findChild<QLineEdit *>(u"tokenEdit"_s)->echoMode(), QLineEdit::Password);
}

QTEST_MAIN(tst_SignInDialog)
#include "tst_signindialog.moc"
