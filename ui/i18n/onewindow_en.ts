<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AuditLogPage</name>
    <message>
        <location filename="../supervisor/audit_page.py" line="+285"/>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Search…</source>
        <translation>Search…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Select an event to read all of it.</source>
        <translation>Select an event to read all of it.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>◀ Newer</source>
        <translation>◀ Newer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Older ▶</source>
        <translation>Older ▶</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Audit chain: …</source>
        <translation>Audit chain: …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify now</source>
        <translation>Verify now</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>Purpose of this search</source>
        <translation>Purpose of this search</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not searched: a search of the audit log needs a purpose.</source>
        <translation>Not searched: a search of the audit log needs a purpose.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Page {n}</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} events on this page.</source>
        <translation>{count} events on this page.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No event matches.</source>
        <translation>No event matches.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Event {seq}</source>
        <translation>Event {seq}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time: {time}</source>
        <translation>Time: {time}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Staff: {user}</source>
        <translation>Staff: {user}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station: {station}</source>
        <translation>Station: {station}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action: {action}</source>
        <translation>Action: {action}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject: {subject}</source>
        <translation>Subject: {subject}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose: {purpose}</source>
        <translation>Purpose: {purpose}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome: {outcome}</source>
        <translation>Outcome: {outcome}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Person (pseudonym): {key}</source>
        <translation>Person (pseudonym): {key}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Found by the masked number only: this event keeps no pseudonym, so it may concern another person with the same masked number.</source>
        <translation>Found by the masked number only: this event keeps no pseudonym, so it may concern another person with the same masked number.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Purpose of this export</source>
        <translation>Purpose of this export</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not exported: an export of the audit log needs a purpose.</source>
        <translation>Not exported: an export of the audit log needs a purpose.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Exported {rows} events to {path}.</source>
        <translation>Exported {rows} events to {path}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only the newest were exported: narrow the search.</source>
        <translation>Only the newest were exported: narrow the search.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Audit chain: verifying… (this reads the whole log)</source>
        <translation>Audit chain: verifying… (this reads the whole log)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Audit chain: status unknown ({error})</source>
        <translation>Audit chain: status unknown ({error})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Audit chain: not verified on this station yet.</source>
        <translation>Audit chain: not verified on this station yet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Audit chain BROKEN at event {seq} (verified {when}).</source>
        <translation>Audit chain BROKEN at event {seq} (verified {when}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Audit chain NOT INTACT (verified {when}): a checkpoint no longer matches, or the chain is not keyed.</source>
        <translation>Audit chain NOT INTACT (verified {when}): a checkpoint no longer matches, or the chain is not keyed.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Audit chain intact: verified {when}, events 1 to {seq}.</source>
        <translation>Audit chain intact: verified {when}, events 1 to {seq}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Audit chain: checkpoint {when} at event {seq} (station {station}).</source>
        <translation>Audit chain: checkpoint {when} at event {seq} (station {station}).</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Why do you search the audit log? The search is recorded with this purpose.</source>
        <translation>Why do you search the audit log? The search is recorded with this purpose.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export the search results</source>
        <translation>Export the search results</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
</context>
<context>
    <name>AuditTexts</name>
    <message>
        <location line="-597"/>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found</source>
        <translation>Not found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>person {key}…</source>
        <translation>person {key}…</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person (pseudonym)</source>
        <translation>Person (pseudonym)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
</context>
<context>
    <name>AuthErrors</name>
    <message>
        <location filename="../errors.py" line="+134"/>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account is locked after too many wrong passwords; try again after {time}.</source>
        <translation>The account is locked after too many wrong passwords; try again after {time}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account is locked after too many wrong passwords; try again later.</source>
        <translation>The account is locked after too many wrong passwords; try again later.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This account is disabled; ask the hall&apos;s administrator.</source>
        <translation>This account is disabled; ask the hall&apos;s administrator.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This account cannot sign in at this station.</source>
        <translation>This account cannot sign in at this station.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your account is not allowed to do this; ask the hall&apos;s administrator.</source>
        <translation>Your account is not allowed to do this; ask the hall&apos;s administrator.</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>The sign-in cannot be checked: the database is not available.</source>
        <translation>The sign-in cannot be checked: the database is not available.</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>The sign-in could not be checked; try again or ask the hall&apos;s administrator.</source>
        <translation>The sign-in could not be checked; try again or ask the hall&apos;s administrator.</translation>
    </message>
</context>
<context>
    <name>CallingDisplay</name>
    <message>
        <location filename="../display/page.py" line="+37"/>
        <source>Window {n}</source>
        <extracomment>How many earlier calls are listed beside the newest.</extracomment>
        <translation>Window {n}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Now calling</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Please wait for your number to be called</source>
        <translation>Please wait for your number to be called</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Recent calls</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>{queue} {code}: {n} waiting</source>
        <translation>{queue} {code}: {n} waiting</translation>
    </message>
    <message>
        <location filename="../stations/display.py" line="+95"/>
        <source>Demonstration Service Hall</source>
        <extracomment>Milliseconds between two reads of the board (the poll fallback of the live feed): 250 keeps a call&apos;s way to the screen under 300 ms at p95 (``benchmarks/queue_bench.py``).</extracomment>
        <translation>Demonstration Service Hall</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Reconnecting…</source>
        <translation>Reconnecting…</translation>
    </message>
</context>
<context>
    <name>CallingStrip</name>
    <message>
        <location filename="../clerk/calling_strip.py" line="+94"/>
        <source>Call next (F9)</source>
        <translation>Call next (F9)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recall (F10)</source>
        <translation>Recall (F10)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+127"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Window {n}</source>
        <translation>Window {n}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The window is paused: resume it to call.</source>
        <translation>The window is paused: resume it to call.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nobody is waiting.</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <location line="+71"/>
        <source> (recalled {n}×)</source>
        <translation> (recalled {n}×)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../review/case_view.py" line="+123"/>
        <source>Field</source>
        <extracomment>The widest the field-label column starts (pixels); longer labels wrap. The widest the source-tag column starts (pixels; the tag&apos;s tooltip says the exact source). Matter lookup by code (the hall&apos;s catalog); None for a code it does not know. The approver asks for the registry dossier, with this purpose.</extracomment>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+35"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handler</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+16"/>
        <source>Opinion</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approver</source>
        <translation>Approver</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Departments</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show the applicant&apos;s registry dossier…</source>
        <translation>Show the applicant&apos;s registry dossier…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The registry look-up is recorded in the audit log with the purpose you type</source>
        <translation>The registry look-up is recorded in the audit log with the purpose you type</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+208"/>
        <source>Registry dossier</source>
        <translation>Registry dossier</translation>
    </message>
    <message>
        <location line="-155"/>
        <source>{matter} · {applicant} ({id}) · {state} · accepted {when} by {clerk}</source>
        <translation>{matter} · {applicant} ({id}) · {state} · accepted {when} by {clerk}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No time limit</source>
        <translation>No time limit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Promised by {date} · clock paused</source>
        <translation>Promised by {date} · clock paused</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Promised by {date}</source>
        <translation>Promised by {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Promised by {date} · {clock}</source>
        <translation>Promised by {date} · {clock}</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Typed at the window</source>
        <translation>Typed at the window</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The matter&apos;s default</source>
        <translation>The matter&apos;s default</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>supply by {date}</source>
        <translation>supply by {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>supplied {when}</source>
        <translation>supplied {when}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Being reviewed</source>
        <translation>Being reviewed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>round {n}</source>
        <translation>round {n}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Clock pauses: none</source>
        <translation>Clock pauses: none</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clock pauses:</source>
        <translation>Clock pauses:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>still paused</source>
        <translation>still paused</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Documents issued: none</source>
        <translation>Documents issued: none</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Documents issued:</source>
        <translation>Documents issued:</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+41"/>
        <source>revoked</source>
        <translation>revoked</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Why do you need the applicant&apos;s registry dossier? (recorded)</source>
        <translation>Why do you need the applicant&apos;s registry dossier? (recorded)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Looking the applicant up…</source>
        <translation>Looking the applicant up…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not looked up. The dossier is shown only on request, with a purpose.</source>
        <translation>Not looked up. The dossier is shown only on request, with a purpose.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The applicant is not in the registry.</source>
        <translation>The applicant is not in the registry.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Looked up for: {purpose}</source>
        <translation>Looked up for: {purpose}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Household address: {address}</source>
        <translation>Household address: {address}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lives at: {address}</source>
        <translation>Lives at: {address}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Employer: {unit}</source>
        <translation>Employer: {unit}</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../kiosk/case_pages.py" line="+22"/>
        <source>My cases</source>
        <translation>My cases</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>You have no cases at this hall.</source>
        <translation>You have no cases at this hall.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Declared here — waiting for a clerk to confirm</source>
        <translation>Declared here — waiting for a clerk to confirm</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Declared on {d}</source>
        <translation>Declared on {d}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Case number: {n}</source>
        <translation>Case number: {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handed in on {d}</source>
        <translation>Handed in on {d}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Promised by {d}</source>
        <translation>Promised by {d}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>• {name} — by {d}</source>
        <translation>• {name} — by {d}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Still to bring:</source>
        <translation>Still to bring:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bring your ID card and collect it at: {place}</source>
        <translation>Bring your ID card and collect it at: {place}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Where to go: {place}</source>
        <translation>Where to go: {place}</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../dialogs/change_password_dialog.py" line="+37"/>
        <source>Choose a new password</source>
        <extracomment>``change(old, new)``: raises the core&apos;s errors (``auth.*``, ``auth.weak_password``).</extracomment>
        <translation>Choose a new password</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your password was set by an administrator. Choose your own before you start: at least 8 characters, letters and digits.</source>
        <translation>Your password was set by an administrator. Choose your own before you start: at least 8 characters, letters and digits.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again</source>
        <translation>New password again</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The two new passwords differ.</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>ClerkTexts</name>
    <message>
        <location filename="../clerk/texts.py" line="+68"/>
        <location line="+29"/>
        <source>No dwelling on record</source>
        <extracomment>Chip colours (background, text) per finding severity; contrast ratio ≥ 4.5:1. Outcome line colours (text) per materials decision.</extracomment>
        <translation>No dwelling on record</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Lived here under {months} months</source>
        <translation>Lived here under {months} months</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No job, residence or study on record</source>
        <translation>No job, residence or study on record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No {certificate} on record</source>
        <translation>No {certificate} on record</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A condition of the matter is not met</source>
        <translation>A condition of the matter is not met</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Card expired</source>
        <translation>Card expired</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rare characters</source>
        <translation>Rare characters</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not in the registry</source>
        <translation>Not in the registry</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name differs from the registry</source>
        <translation>Name differs from the registry</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Address differs from the registry</source>
        <translation>Address differs from the registry</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The registry cannot tell whether a condition is met</source>
        <translation>The registry cannot tell whether a condition is met</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Endorsement not due yet</source>
        <translation>Endorsement not due yet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Endorsement overdue</source>
        <translation>Endorsement overdue</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The card was valid until {date}.</source>
        <translation>The card was valid until {date}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The card holds characters a normal font cannot show: {characters}</source>
        <translation>The card holds characters a normal font cannot show: {characters}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing could be pre-filled from the registry: check every field.</source>
        <translation>Nothing could be pre-filled from the registry: check every field.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Card: {card}
Registry: {registry}</source>
        <translation>Card: {card}
Registry: {registry}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The endorsement can be done from {opens} (due {due}).</source>
        <translation>The endorsement can be done from {opens} (due {due}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The endorsement was due on {date}.</source>
        <translation>The endorsement was due on {date}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Here since {date}.</source>
        <translation>Here since {date}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Card</source>
        <translation>Card</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry</source>
        <translation>Registry</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Edited</source>
        <translation>Edited</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the identity card just read</source>
        <translation>the identity card just read</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry: the person&apos;s record</source>
        <translation>Registry: the person&apos;s record</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the person&apos;s dwelling</source>
        <translation>Registry: the person&apos;s dwelling</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the rented dwelling</source>
        <translation>Registry: the rented dwelling</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the dwelling&apos;s owner</source>
        <translation>Registry: the dwelling&apos;s owner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the dwelling&apos;s tenant</source>
        <translation>Registry: the dwelling&apos;s tenant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry: the spouse</source>
        <translation>Registry: the spouse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry: the employer</source>
        <translation>Registry: the employer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry: the employment</source>
        <translation>Registry: the employment</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The matter&apos;s default value</source>
        <translation>The matter&apos;s default value</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The date of the visit</source>
        <translation>The date of the visit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A certificate the hall issued: {certificate} ({field})</source>
        <translation>A certificate the hall issued: {certificate} ({field})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{source} ({field})</source>
        <translation>{source} ({field})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reused certificate</source>
        <translation>Reused certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Promise</source>
        <translation>Promise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owed (容缺)</source>
        <translation>Owed (容缺)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Materials complete: the case can be accepted</source>
        <translation>Materials complete: the case can be accepted</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept with items owed (容缺), signed promise</source>
        <translation>Accept with items owed (容缺), signed promise</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot accept: one-time notification of what is missing</source>
        <translation>Cannot accept: one-time notification of what is missing</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Lives here without a residence registration</source>
        <translation>Lives here without a residence registration</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Residence permit endorsement falls due</source>
        <translation>Residence permit endorsement falls due</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Residence permit endorsement is overdue</source>
        <translation>Residence permit endorsement is overdue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lived here 6 months or more without a residence permit</source>
        <translation>Lived here 6 months or more without a residence permit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rents out a dwelling that is not filed</source>
        <translation>Rents out a dwelling that is not filed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rents out a dwelling: rental tax</source>
        <translation>Rents out a dwelling: rental tax</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Suggested</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Photo from the card</source>
        <translation>Photo from the card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo from the registry</source>
        <translation>Photo from the registry</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo could not be shown</source>
        <translation>Photo could not be shown</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Owner</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occupant</source>
        <translation>Occupant</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>rented out</source>
        <translation>rented out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vacant</source>
        <translation>vacant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>owner-occupied</source>
        <translation>owner-occupied</translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message>
        <location filename="../kiosk/widgets.py" line="+94"/>
        <source>One moment…</source>
        <translation>One moment…</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../supervisor/figures.py" line="+71"/>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard.py" line="+138"/>
        <source>Dashboard</source>
        <extracomment>The live feed&apos;s changes are gathered this long before one refresh (a busy hall changes every second; the figures need not follow each). The slow timer: a refresh at least this often when no change is reported. The period chooser&apos;s choices: days ending today (0: custom). Bars for at most this many matters (the rest is in the table). A dashboard was shown (the scene&apos;s &quot;painted&quot; waits for the first). A load or an export failed (its translated text). An export was written (its path). The matters&apos; names in the interface language by code (the core&apos;s are Chinese). Asks where to save (title, suggested path) → a path, &quot;&quot; to cancel; tests replace it.</extracomment>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Period (Ctrl+1 … Ctrl+4)</source>
        <translation>Period (Ctrl+1 … Ctrl+4)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Period:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom…</source>
        <translation>Custom…</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard_tables.py" line="+30"/>
        <source>By matter</source>
        <translation>By matter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By window</source>
        <translation>By window</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review load</source>
        <translation>Review load</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+57"/>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Print faults</source>
        <translation>Print faults</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ratings by matter</source>
        <translation>Ratings by matter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ratings by window</source>
        <translation>Ratings by window</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow-ups</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day by day</source>
        <translation>Day by day</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard.py" line="+110"/>
        <source>{first} … {last} · updated {time}</source>
        <translation>{first} … {last} · updated {time}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Today: {value}</source>
        <translation>Today: {value}</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+61"/>
        <location filename="../supervisor/dashboard_tables.py" line="+11"/>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+58"/>
        <location filename="../supervisor/dashboard_tables.py" line="+1"/>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location line="-55"/>
        <location line="+56"/>
        <location filename="../supervisor/dashboard_tables.py" line="+1"/>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>In-time rate</source>
        <translation>In-time rate</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting now</source>
        <translation>Waiting now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No-shows: {n}</source>
        <translation>No-shows: {n}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Review tasks open</source>
        <translation>Review tasks open</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Oldest: {day}</source>
        <translation>Oldest: {day}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Failed print jobs</source>
        <translation>Failed print jobs</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bad ratings</source>
        <translation>Bad ratings</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow-ups late: {n}</source>
        <translation>Follow-ups late: {n}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Accepted, issued and refused by matter</source>
        <translation>Accepted, issued and refused by matter</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>In-time rate by day (%)</source>
        <translation>In-time rate by day (%)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished by the promised date</source>
        <translation>Finished by the promised date</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard_tables.py" line="+1"/>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished with a promise</source>
        <translation>Finished with a promise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In time</source>
        <translation>In time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In-time rate (%)</source>
        <translation>In-time rate (%)</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+14"/>
        <location line="+82"/>
        <location line="+32"/>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <location line="-120"/>
        <location line="+67"/>
        <location line="+52"/>
        <source>Matter</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claimed</source>
        <translation>Claimed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest waiting since</source>
        <translation>Oldest waiting since</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided in period</source>
        <translation>Decided in period</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median to claim (min)</source>
        <translation>Median to claim (min)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median to decide (min)</source>
        <translation>Median to decide (min)</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+71"/>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Queue or window</source>
        <translation>Queue or window</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>Taken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Served</source>
        <translation>Served</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No-shows</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median wait (min)</source>
        <translation>Median wait (min)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>90% waited at most (min)</source>
        <translation>90% waited at most (min)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median service (min)</source>
        <translation>Median service (min)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed jobs</source>
        <translation>Failed jobs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation>Latest</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+21"/>
        <source>Ratings</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+21"/>
        <source>Mean score (1 best)</source>
        <translation>Mean score (1 best)</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+21"/>
        <source>Bad</source>
        <translation>Bad</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+21"/>
        <source>Found malicious</source>
        <translation>Found malicious</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Matter or window</source>
        <translation>Matter or window</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open follow-ups</source>
        <translation>Open follow-ups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>Late</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../supervisor/dashboard.py" line="+68"/>
        <source>Export “{table}”</source>
        <translation>Export “{table}”</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved {name}</source>
        <translation>Saved {name}</translation>
    </message>
</context>
<context>
    <name>DatabasePanel</name>
    <message>
        <location filename="../panels/database_panel.py" line="+15"/>
        <source>Active database</source>
        <translation>Active database</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Database:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema revision:</source>
        <translation>Schema revision:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data:</source>
        <translation>Data:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>not initialised</source>
        <translation>not initialised</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SQLite, embedded default (on this computer only)</source>
        <translation>SQLite, embedded default (on this computer only)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PostgreSQL, the hall&apos;s shared database</source>
        <translation>PostgreSQL, the hall&apos;s shared database</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SQLite file (configured)</source>
        <translation>SQLite file (configured)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registry data</source>
        <translation>Registry data</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Synthetic demo registry (random seed {seed})</source>
        <translation>Synthetic demo registry (random seed {seed})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synthetic demo registry</source>
        <translation>Synthetic demo registry</translation>
    </message>
</context>
<context>
    <name>Deadlines</name>
    <message>
        <location filename="../supervisor/deadlines.py" line="+105"/>
        <source>At risk</source>
        <extracomment>Row colours (background, text) per clock; contrast ≥ 4.5:1. The words say it too. The matter&apos;s column in each table, and the width a long matter name is cut to.</extracomment>
        <translation>At risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+314"/>
        <source>Yellow</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+314"/>
        <source>Red</source>
        <translation>Red</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+314"/>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+314"/>
        <source>Due today</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="-313"/>
        <location line="+20"/>
        <location line="+294"/>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location line="-313"/>
        <source>All running</source>
        <translation>All running</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Overdue by 1 day</source>
        <translation>Overdue by 1 day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue by {days} days</source>
        <translation>Overdue by {days} days</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 day left</source>
        <translation>1 day left</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{days} days left</source>
        <translation>{days} days left</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{left} · red</source>
        <translation>{left} · red</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{left} · yellow</source>
        <translation>{left} · yellow</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Deadlines</source>
        <extracomment>The matters&apos; names in the interface language by code (the core&apos;s are Chinese).</extracomment>
        <translation>Deadlines</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>◀ Previous (PgUp)</source>
        <translation>◀ Previous (PgUp)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next (PgDn) ▶</source>
        <translation>Next (PgDn) ▶</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Enter or a double click on a case shows it here.</source>
        <translation>Enter or a double click on a case shows it here.</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>On {day}: {running} cases running</source>
        <translation>On {day}: {running} cases running</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{first}–{last} of {total}</source>
        <translation>{first}–{last} of {total}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>By matter and window</source>
        <translation>By matter and window</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+41"/>
        <source>Matter</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+41"/>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Clock</source>
        <translation>Clock</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Opening {number}…</source>
        <translation>Opening {number}…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{applicant} ({id}) · promised by {date}</source>
        <translation>{applicant} ({id}) · promised by {date}</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Export “{table}”</source>
        <translation>Export “{table}”</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <location filename="../review/decision_panel.py" line="+111"/>
        <source>Approve (Alt+A)</source>
        <extracomment>Submit this decision with this opinion (checked: reject/return have one). Pause the case&apos;s clock: kind, reason. The approver wants the next task (offered after a decision).</extracomment>
        <translation>Approve (Alt+A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject (Alt+R)</source>
        <translation>Reject (Alt+R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return for correction (Alt+T)</source>
        <translation>Return for correction (Alt+T)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Opinion (required to reject or return; the applicant reads it)</source>
        <translation>Opinion (required to reject or return; the applicant reads it)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Submit decision (Ctrl+Enter)</source>
        <translation>Submit decision (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pause clock…</source>
        <translation>Pause clock…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A special procedure stops the case&apos;s clock</source>
        <translation>A special procedure stops the case&apos;s clock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume clock</source>
        <translation>Resume clock</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Next task (F2)</source>
        <translation>Next task (F2)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Common opinions (Alt+O):</source>
        <translation>Common opinions (Alt+O):</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>— pick a common opinion —</source>
        <translation>— pick a common opinion —</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Claim a task to decide it (F2: the most urgent).</source>
        <translation>Claim a task to decide it (F2: the most urgent).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This task is not claimed by you: claim it to decide.</source>
        <translation>This task is not claimed by you: claim it to decide.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Saving the decision…</source>
        <translation>Saving the decision…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose a decision first: Alt+A approve, Alt+R reject, Alt+T return.</source>
        <translation>Choose a decision first: Alt+A approve, Alt+R reject, Alt+T return.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{decision} needs an opinion: the applicant reads it.</source>
        <translation>{decision} needs an opinion: the applicant reads it.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>{decision}: recorded for case {number}.</source>
        <translation>{decision}: recorded for case {number}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All departments approved: the case is ready to issue at any window.</source>
        <translation>All departments approved: the case is ready to issue at any window.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All departments approved: the result is prepared for the window next.</source>
        <translation>All departments approved: the result is prepared for the window next.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Still deciding: {departments}.</source>
        <translation>Still deciding: {departments}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The case is rejected; the other departments&apos; tasks are closed.</source>
        <translation>The case is rejected; the other departments&apos; tasks are closed.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The case goes back to the applicant for correction.</source>
        <translation>The case goes back to the applicant for correction.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Issued: {kind} {number}</source>
        <translation>Issued: {kind} {number}</translation>
    </message>
</context>
<context>
    <name>DeclarationsControl</name>
    <message>
        <location filename="../clerk/declarations.py" line="+375"/>
        <location line="+89"/>
        <source>Kiosk declarations… (F8)</source>
        <extracomment>How many declarations wait (after each read). A claimed declaration was handed to the desk.</extracomment>
        <translation>Kiosk declarations… (F8)</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Declarations</source>
        <translation>Declarations</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kiosk declarations (F8)</source>
        <translation>Kiosk declarations (F8)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Kiosk declarations</source>
        <translation>Kiosk declarations</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>{n} waiting</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kiosk declarations ({n} waiting)… (F8)</source>
        <translation>Kiosk declarations ({n} waiting)… (F8)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Kiosk declaration opened: check the person and the materials, then accept (Ctrl+Enter) or refuse it.</source>
        <translation>Kiosk declaration opened: check the person and the materials, then accept (Ctrl+Enter) or refuse it.</translation>
    </message>
</context>
<context>
    <name>DeclarationsDialog</name>
    <message>
        <location line="-372"/>
        <source>Kiosk declarations</source>
        <extracomment>The key that opens the list (the desk keeps F12, the calling strip F9/F10). The fallback poll when no change arrives (a lost feed): once a minute. A declaration was claimed by this clerk: the draft to open at the desk. The list was read: how many wait.</extracomment>
        <translation>Kiosk declarations</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Declared by citizens at the self-service kiosk. Claim one (Enter) to open it at the desk: check the materials, then accept or refuse it there.</source>
        <extracomment>Claimed by this clerk, no case yet. Whether the desk has this draft open now (it is not handed back from under it). Bumped per read: an older read&apos;s answer is dropped.</extracomment>
        <translation>Declared by citizens at the self-service kiosk. Claim one (Enter) to open it at the desk: check the materials, then accept or refuse it there.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Declared</source>
        <translation>Declared</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Matter</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Claim and open (Enter)</source>
        <translation>Claim and open (Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Claimed by you, not yet accepted or refused:</source>
        <translation>Claimed by you, not yet accepted or refused:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hand back to the list</source>
        <translation>Hand back to the list</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>No declaration is waiting.</source>
        <translation>No declaration is waiting.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Claiming…</source>
        <translation>Claiming…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Another clerk has taken this declaration. The list is refreshed.</source>
        <translation>Another clerk has taken this declaration. The list is refreshed.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>This declaration is open at the desk: accept or refuse it there, or press F12 first, then hand it back.</source>
        <translation>This declaration is open at the desk: accept or refuse it there, or press F12 first, then hand it back.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Handed back: another clerk can claim it now.</source>
        <translation>Handed back: another clerk can claim it now.</translation>
    </message>
</context>
<context>
    <name>DeclarePage</name>
    <message>
        <location filename="../kiosk/declare_page.py" line="+25"/>
        <source>Declare your residence</source>
        <translation>Declare your residence</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Yes, I live here</source>
        <translation>Yes, I live here</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No, I live elsewhere</source>
        <translation>No, I live elsewhere</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The number we have for you is shown; change it if needed. It is used only to reach you about this declaration.</source>
        <translation>The number we have for you is shown; change it if needed. It is used only to reach you about this declaration.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Send my declaration</source>
        <translation>Send my declaration</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Step 1 of 2: is this where you live?</source>
        <translation>Step 1 of 2: is this where you live?</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Declare: {matter}</source>
        <translation>Declare: {matter}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Step 2 of 2: your phone number</source>
        <translation>Step 2 of 2: your phone number</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>One moment…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Your new address has to be checked by a clerk. Please go to: {place}</source>
        <translation>Your new address has to be checked by a clerk. Please go to: {place}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sent. A clerk confirms your declaration; if anything is missing you will be called. Questions: {place}</source>
        <translation>Sent. A clerk confirms your declaration; if anything is missing you will be called. Questions: {place}</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <location filename="../panels/demo_banner.py" line="+20"/>
        <source>DEMO DATA · synthetic registry, not real people</source>
        <translation>DEMO DATA · synthetic registry, not real people</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every person, dwelling and employer in this database was generated by OneWindow for demonstration and training. Do not use it for real cases.</source>
        <translation>Every person, dwelling and employer in this database was generated by OneWindow for demonstration and training. Do not use it for real cases.</translation>
    </message>
</context>
<context>
    <name>DeskPage</name>
    <message>
        <location filename="../errors.py" line="+17"/>
        <source>The database cannot be reached. Nothing typed is lost: the draft is kept on this computer. Try again when the connection is back.</source>
        <translation>The database cannot be reached. Nothing typed is lost: the draft is kept on this computer. Try again when the connection is back.</translation>
    </message>
    <message>
        <location filename="../clerk/desk_page.py" line="+136"/>
        <source>Place the ID card on the reader</source>
        <extracomment>How many matters&apos; tabs are kept (wiped) for later visits, instead of being built again. Wiped tabs of earlier visits by matter code, the least recently used first. Bumped whenever the page is cleared: a worker&apos;s answer for an earlier visit is dropped.</extracomment>
        <translation>Place the ID card on the reader</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No card? Type the ID number and press Enter</source>
        <translation>No card? Type the ID number and press Enter</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Accept (Ctrl+Enter)</source>
        <translation>Accept (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refuse…</source>
        <translation>Refuse…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next person (F12)</source>
        <translation>Next person (F12)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Applicant&apos;s rating:</source>
        <translation>Applicant&apos;s rating:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 Very satisfied</source>
        <translation>1 Very satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2 Satisfied</source>
        <translation>2 Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 Fairly satisfied</source>
        <translation>3 Fairly satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 Dissatisfied</source>
        <translation>4 Dissatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5 Very dissatisfied</source>
        <translation>5 Very dissatisfied</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Looking the person up…</source>
        <translation>Looking the person up…</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>Fee: {amount} yuan</source>
        <translation>Fee: {amount} yuan</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tax: enter the rent and the months</source>
        <translation>Tax: enter the rent and the months</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tax for the term: {total} yuan</source>
        <translation>Tax for the term: {total} yuan</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Check the form first: {field}</source>
        <translation>Check the form first: {field}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Accept with materials owed</source>
        <translation>Accept with materials owed</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only non-essential materials are missing: {owed}.

Has the applicant signed the promise to supply them? (No: a one-time notification is printed)</source>
        <translation>Only non-essential materials are missing: {owed}.

Has the applicant signed the promise to supply them? (No: a one-time notification is printed)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Refuse at the window</source>
        <translation>Refuse at the window</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason (printed on the notice):</source>
        <translation>Reason (printed on the notice):</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saving the case and its documents…</source>
        <translation>Saving the case and its documents…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Case {number} saved.</source>
        <translation>Case {number} saved.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Everything is done. Ask the applicant to rate the service.</source>
        <translation>Everything is done. Ask the applicant to rate the service.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Printing failed: {error}</source>
        <translation>Printing failed: {error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>printed</source>
        <translation>printed</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>print failed: {error} — kept in the queue</source>
        <translation>print failed: {error} — kept in the queue</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>duplicate queued</source>
        <translation>duplicate queued</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Unknown error</source>
        <translation>Unknown error</translation>
    </message>
</context>
<context>
    <name>DigitKeypad</name>
    <message>
        <location filename="../kiosk/keypad.py" line="+34"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>ErrorPanel</name>
    <message>
        <location filename="../panels/error_panel.py" line="+35"/>
        <source>Technical detail:</source>
        <extracomment>Lines longer than this are hard to read; the error text wraps within it.</extracomment>
        <translation>Technical detail:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing has been changed. Correct the cause (see the detail above, or ask the hall&apos;s administrator), then try again.</source>
        <translation>Nothing has been changed. Correct the cause (see the detail above, or ask the hall&apos;s administrator), then try again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="-33"/>
        <source>This could not be done (error code {code}). Ask the hall&apos;s administrator.</source>
        <translation>This could not be done (error code {code}). Ask the hall&apos;s administrator.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>An unexpected error occurred. Try again; if it happens again, tell technical support.</source>
        <translation>An unexpected error occurred. Try again; if it happens again, tell technical support.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The card could not be used: {reason}.</source>
        <translation>The card could not be used: {reason}.</translation>
    </message>
</context>
<context>
    <name>FollowUps</name>
    <message>
        <location filename="../supervisor/followups.py" line="+161"/>
        <source>To assign</source>
        <extracomment>Column keys, in display order. The filters, in the combo box&apos;s order: (key, state, late only, open only). Row colours (background, text) per deadline level; each also said in words. Hall working days left at which a follow-up turns yellow. The model&apos;s role carrying a row&apos;s follow-up id.</extracomment>
        <translation>To assign</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Called back</source>
        <translation>Called back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rectified</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replied</source>
        <translation>Replied</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+12"/>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+10"/>
        <source>Appealed</source>
        <translation>Appealed</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Appeal upheld</source>
        <translation>Appeal upheld</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>Late</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Very satisfied</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satisfied</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fairly satisfied</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dissatisfied</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Very dissatisfied</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Late: %1 working days</source>
        <translation>Late: %1 working days</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Due today</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 working days left</source>
        <translation>%1 working days left</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matter</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>Last day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <location line="+77"/>
        <source>&amp;Show:</source>
        <extracomment>The list was painted (after every query). A step was taken and the follow-up is shown as it now stands. An error was shown (its translated text). The list was exported (the file&apos;s path).</extracomment>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Follow-ups of bad ratings</source>
        <translation>Follow-ups of bad ratings</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Citizen&apos;s comment</source>
        <translation>Citizen&apos;s comment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window, channel</source>
        <translation>Window, channel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last day</source>
        <translation>Last day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+109"/>
        <source>Call-back</source>
        <translation>Call-back</translation>
    </message>
    <message>
        <location line="-108"/>
        <location line="+109"/>
        <source>Rectification</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location line="-108"/>
        <location line="+109"/>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>Appeal</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assign &amp;to:</source>
        <translation>Assign &amp;to:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Assign</source>
        <translation>&amp;Assign</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Text (call-back outcome, rectification, reply, reason):</source>
        <translation>&amp;Text (call-back outcome, rectification, reply, reason):</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Call-back</source>
        <translation>&amp;Call-back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recti&amp;fied</source>
        <translation>Recti&amp;fied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ply</source>
        <translation>Re&amp;ply</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lose</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appeal as &amp;malicious</source>
        <translation>Appeal as &amp;malicious</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Uphold appeal</source>
        <translation>&amp;Uphold appeal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ject appeal</source>
        <translation>Re&amp;ject appeal</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Exported to %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export the follow-ups</source>
        <translation>Export the follow-ups</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 shown, %2 late</source>
        <translation>%1 shown, %2 late</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>upheld</source>
        <translation>upheld</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Write the text for this step first.</source>
        <translation>Write the text for this step first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type the user name to assign it to.</source>
        <translation>Type the user name to assign it to.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>HeaderPanel</name>
    <message>
        <location filename="../panels/header.py" line="+39"/>
        <source>Window {number}</source>
        <translation>Window {number}</translation>
    </message>
</context>
<context>
    <name>KioskTexts</name>
    <message>
        <location filename="../kiosk/texts.py" line="+57"/>
        <location filename="../kiosk/widgets.py" line="-41"/>
        <source>Very satisfied</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../kiosk/print_page.py" line="+107"/>
        <source>Printed. Please take your paper.</source>
        <translation>Printed. Please take your paper.</translation>
    </message>
    <message>
        <location filename="../kiosk/texts.py" line="-36"/>
        <source>Not handed in yet</source>
        <translation>Not handed in yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received — we are working on it</source>
        <translation>Received — we are working on it</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not accepted — see the notice you were given</source>
        <translation>Not accepted — see the notice you were given</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for papers from you</source>
        <translation>Waiting for papers from you</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Being checked by the departments</source>
        <translation>Being checked by the departments</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sent back to you for a correction</source>
        <translation>Sent back to you for a correction</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved — the result is being prepared</source>
        <translation>Approved — the result is being prepared</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not approved</source>
        <translation>Not approved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready — come and collect it</source>
        <translation>Ready — come and collect it</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Finished — handed out</source>
        <translation>Finished — handed out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawn by you</source>
        <translation>Withdrawn by you</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed by the hall</source>
        <translation>Closed by the hall</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Satisfied</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fairly satisfied</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dissatisfied</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Very dissatisfied</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The printer is offline. Nothing was printed; your print is kept. Tap “Try again” in a moment, or ask the staff.</source>
        <translation>The printer is offline. Nothing was printed; your print is kept. Tap “Try again” in a moment, or ask the staff.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The printer is out of paper or not ready. Nothing was printed; your print is kept. Tap “Try again” once it is fixed, or ask the staff.</source>
        <translation>The printer is out of paper or not ready. Nothing was printed; your print is kept. Tap “Try again” once it is fixed, or ask the staff.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This document cannot be printed here. Please ask at the window.</source>
        <translation>This document cannot be printed here. Please ask at the window.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The print did not work. Nothing was printed; your print is kept. Please ask the staff.</source>
        <translation>The print did not work. Nothing was printed; your print is kept. Please ask the staff.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../kiosk/window.py" line="+196"/>
        <location line="+19"/>
        <location line="+41"/>
        <location line="+9"/>
        <location line="+88"/>
        <source>Place the ID card flat on the reader.</source>
        <translation>Place the ID card flat on the reader.</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>Reading your card… one moment.</source>
        <translation>Reading your card… one moment.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>The card reader is not working. Please ask the staff.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your card could not be read ({reason}). Take it off, wait a second and place it flat on the reader again. If it still fails, please go to: {place}</source>
        <translation>Your card could not be read ({reason}). Take it off, wait a second and place it flat on the reader again. If it still fails, please go to: {place}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Hello</source>
        <translation>Hello</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hello, {name}</source>
        <translation>Hello, {name}</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>There is no printer at this kiosk.</source>
        <translation>There is no printer at this kiosk.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of the kiosk account:</source>
        <translation>Password of the kiosk account:</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../idle_lock.py" line="+165"/>
        <source>The screen is locked</source>
        <translation>The screen is locked</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your work is kept. Enter your password to continue.</source>
        <translation>Your work is kept. Enter your password to continue.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Signed in: {user}</source>
        <translation>Signed in: {user}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../dialogs/login_dialog.py" line="+51"/>
        <source>Sign in · OneWindow</source>
        <translation>Sign in · OneWindow</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Demo data: sign in as clerk, approver-police, approver-community, approver-justice, supervisor or admin with the password {password}.</source>
        <translation>Demo data: sign in as clerk, approver-police, approver-community, approver-justice, supervisor or admin with the password {password}.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the database; your password is checked as soon as it is open…</source>
        <translation>Opening the database; your password is checked as soon as it is open…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter your user name.</source>
        <translation>Enter your user name.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="+151"/>
        <source>Connecting to the database…</source>
        <extracomment>The registry&apos;s status is on screen (after each successful load). An error is on screen: its code (&quot;&quot; when the exception carried none) and detail. The user chose an interface language (a Qt locale name: &quot;zh_CN&quot; or &quot;en&quot;).</extracomment>
        <translation>Connecting to the database…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Signed in: {user}</source>
        <translation>Signed in: {user}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>View</source>
        <translation>View</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>Window desk</source>
        <extracomment>``report(phase, done, total)``: thread-safe progress reporting for the provider. Opens the registry if needed and reads its status; runs on the worker thread. Raises an exception with a ``code`` attribute (e.g. ``DatabaseError``) when the registry cannot be used.</extracomment>
        <translation>Window desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reception desk</source>
        <translation>Reception desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review desk</source>
        <translation>Review desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervision</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-service kiosk</source>
        <translation>Self-service kiosk</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Database status</source>
        <translation>Database status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The language changes when OneWindow is started again (your work is kept).</source>
        <translation>The language changes when OneWindow is started again (your work is kept).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{desk} cannot start: {error}</source>
        <translation>{desk} cannot start: {error}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unfinished work</source>
        <translation>Unfinished work</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume the unfinished application “{title}”?</source>
        <translation>Resume the unfinished application “{title}”?</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The registry is not available</source>
        <translation>The registry is not available</translation>
    </message>
</context>
<context>
    <name>MaskedNumberField</name>
    <message>
        <location filename="../supervisor/audit_page.py" line="-82"/>
        <source>Entered and masked; click to type another number</source>
        <translation>Entered and masked; click to type another number</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <location filename="../clerk/materials_panel.py" line="+89"/>
        <source>Materials</source>
        <extracomment>The decision or its lists changed: the new :class:`MaterialsOutcome`. The clerk changed a mark: material code → status (for autosave).</extracomment>
        <translation>Materials</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All received</source>
        <translation>All received</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark every material as received</source>
        <translation>Mark every material as received</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>Essential</source>
        <translation>Essential</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>May be owed (容缺)</source>
        <translation>May be owed (容缺)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>originals {originals}, copies {copies}</source>
        <translation>originals {originals}, copies {copies}</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Reused certificate: {certificate} {number}</source>
        <translation>Reused certificate: {certificate} {number}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Owed: {items}</source>
        <translation>Owed: {items}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Missing: {items}</source>
        <translation>Missing: {items}</translation>
    </message>
</context>
<context>
    <name>MatterForm</name>
    <message>
        <location filename="../clerk/form_engine.py" line="+334"/>
        <source>+ Add to {section}</source>
        <extracomment>What :meth:`MatterForm.eventFilter` looks at (the viewport&apos;s resize; an editor&apos;s focus, keys). The clerk changed something (debounced ~300 ms): the form&apos;s values (path → text). Enter on the last field: the form is done, go on (e.g. to the materials). the label column: as wide as the longest label, within reason (long ones wrap) below this width the fields go one per line</extracomment>
        <translation>+ Add to {section}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter: new line · Tab: next field</source>
        <translation>Enter: new line · Tab: next field</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>mobile or area code-number</source>
        <translation>mobile or area code-number</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{count} of at most {max}</source>
        <translation>{count} of at most {max}</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Changed by the clerk. Pre-filled: {value} ({source})</source>
        <translation>Changed by the clerk. Pre-filled: {value} ({source})</translation>
    </message>
</context>
<context>
    <name>MatterPicker</name>
    <message>
        <location filename="../clerk/matter_picker.py" line="+94"/>
        <source>Search: name, pinyin initials or code</source>
        <extracomment>The ticked matters changed: their codes, in the order they were ticked. Enter: the clerk goes on with these matters (never empty).</extracomment>
        <translation>Search: name, pinyin initials or code</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>↑↓ move · Space tick · Enter continue · Esc clear search</source>
        <translation>↑↓ move · Space tick · Enter continue · Esc clear search</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>No matter ticked</source>
        <translation>No matter ticked</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ticked ({count}): {names}</source>
        <translation>Ticked ({count}): {names}</translation>
    </message>
</context>
<context>
    <name>OutcomeView</name>
    <message>
        <location filename="../clerk/matter_tab.py" line="+140"/>
        <source>Reprint (补打)</source>
        <translation>Reprint (补打)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print the documents again, marked as a duplicate (recorded in the audit log)</source>
        <translation>Print the documents again, marked as a duplicate (recorded in the audit log)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepted with materials owed (容缺)</source>
        <translation>Accepted with materials owed (容缺)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not accepted yet: one-time notification of everything missing</source>
        <translation>Not accepted yet: one-time notification of everything missing</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refused at the window</source>
        <translation>Refused at the window</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> · issued at the window</source>
        <translation> · issued at the window</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Promised by {date}</source>
        <translation>Promised by {date}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tax due: {total} yuan ({rules})</source>
        <translation>Tax due: {total} yuan ({rules})</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A document could not be issued ({error}); the case is saved.</source>
        <translation>A document could not be issued ({error}); the case is saved.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>queued for printing</source>
        <translation>queued for printing</translation>
    </message>
</context>
<context>
    <name>PasswordPrompt</name>
    <message>
        <location filename="../widgets/password_prompt.py" line="+50"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../review/decision_panel.py" line="-307"/>
        <source>Pause the clock</source>
        <extracomment>Decision → its shortcut.</extracomment>
        <translation>Pause the clock</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why the clock stops (recorded)</source>
        <translation>Why the clock stops (recorded)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Special procedure</source>
        <translation>Special procedure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>PersonPanel</name>
    <message>
        <location filename="../clerk/person_panel.py" line="+110"/>
        <location line="+374"/>
        <source>Show</source>
        <extracomment>The shown photo&apos;s size: an ID photo&apos;s proportions (102 × 126 on the card). The &quot;Show numbers&quot; toggle changed: True while identity numbers are shown in full. detail row → the persons it lists: (name, identity number, phone)</extracomment>
        <translation>Show</translation>
    </message>
    <message>
        <location line="-373"/>
        <source>Show identity numbers in full (Ctrl+Shift+I)</source>
        <translation>Show identity numbers in full (Ctrl+Shift+I)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Household address</source>
        <extracomment>the chips showing this person&apos;s findings; the first ones of ``_chip_pool`` every chip built so far, kept (hidden, wiped) and refilled for the next person</extracomment>
        <translation>Household address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrived</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dwelling</source>
        <translation>Dwelling</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>House code</source>
        <translation>House code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lives there as</source>
        <translation>Lives there as</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landlord</source>
        <translation>Landlord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tenants</source>
        <translation>Tenants</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Others living there</source>
        <translation>Others living there</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No cases</source>
        <extracomment>the labels showing this person&apos;s cases; the first ones of ``_case_pool`` every case line built so far, kept (hidden, wiped) and refilled for the next person</extracomment>
        <translation>No cases</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Tap an identity card or look a person up.</source>
        <translation>Tap an identity card or look a person up.</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+124"/>
        <source>long-term</source>
        <translation>long-term</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Card valid until {date}</source>
        <translation>Card valid until {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No card read: registry data</source>
        <translation>No card read: registry data</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>None on record</source>
        <translation>None on record</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>revoked</source>
        <translation>revoked</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>until {date}</source>
        <translation>until {date}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
</context>
<context>
    <name>PersonView</name>
    <message>
        <location filename="../kiosk/person.py" line="+62"/>
        <source>Your name has a rare character that this screen may not show correctly. To print or declare, please go to: {place}</source>
        <extracomment>Pages read again each time they are opened anew.</extracomment>
        <translation>Your name has a rare character that this screen may not show correctly. To print or declare, please go to: {place}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>My cases</source>
        <translation>My cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print again</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declare residence</source>
        <translation>Declare residence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take a ticket</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate our service</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Done — end my session</source>
        <translation>Done — end my session</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Ends in {s} s</source>
        <translation>Ends in {s} s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Still there? Your session ends in {s} seconds. Touch the screen to go on.</source>
        <translation>Still there? Your session ends in {s} seconds. Touch the screen to go on.</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <location filename="../kiosk/print_page.py" line="-85"/>
        <source>Print your papers again</source>
        <translation>Print your papers again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Copies are marked 补打 (duplicate).</source>
        <translation>Copies are marked 补打 (duplicate).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No papers of yours can be printed here.</source>
        <translation>No papers of yours can be printed here.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Case {n} · issued {d}</source>
        <translation>Case {n} · issued {d}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+24"/>
        <source>Printing…</source>
        <translation>Printing…</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../review/queue_page.py" line="+137"/>
        <source>Case number</source>
        <extracomment>Column keys, in display order. Which header sorts by what (the others do not sort). Shown only while no case is open beside the queue (the narrow queue keeps what decides). The model&apos;s role carrying a row&apos;s task id.</extracomment>
        <translation>Case number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matter</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claim</source>
        <translation>Claim</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Promised by</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Round</source>
        <translation>Round</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>{user} is working on this task</source>
        <translation>{user} is working on this task</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The claim lapses at {time}.</source>
        <translation>The claim lapses at {time}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Yours until {time}; then it goes back to the queue.</source>
        <translation>Yours until {time}; then it goes back to the queue.</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location line="+99"/>
        <source>All matters</source>
        <extracomment>The query changed (filter, matter, search, sort, page): load this page. Claim the most urgent open task (F2 / Ctrl+N, anywhere in the window). Claim (or open, when it is mine) the chosen task (Enter, double click). Give the chosen task back (asks for the reason). A supervisor hands the chosen task to someone else (asks whom and why).</extracomment>
        <translation>All matters</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Case number or ID number, then Enter</source>
        <translation>Case number or ID number, then Enter</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>‹ Previous</source>
        <translation>‹ Previous</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next ›</source>
        <translation>Next ›</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Claim next (F2)</source>
        <translation>Claim next (F2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take the most urgent task nobody holds (F2 or Ctrl+N)</source>
        <translation>Take the most urgent task nobody holds (F2 or Ctrl+N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Claim / open (Enter)</source>
        <translation>Claim / open (Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give back…</source>
        <translation>Give back…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Return the chosen task to the queue, with a reason</source>
        <translation>Return the chosen task to the queue, with a reason</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reassign…</source>
        <translation>Reassign…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hand the chosen task to another approver, with a reason (supervisors)</source>
        <translation>Hand the chosen task to another approver, with a reason (supervisors)</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>No tasks</source>
        <translation>No tasks</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{first}–{last} of {total}</source>
        <translation>{first}–{last} of {total}</translation>
    </message>
</context>
<context>
    <name>RatePage</name>
    <message>
        <location filename="../kiosk/case_pages.py" line="+12"/>
        <source>Rate our service</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>How did we do?</source>
        <translation>How did we do?</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nothing to rate now. Thank you!</source>
        <translation>Nothing to rate now. Thank you!</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Thank you for your rating.</source>
        <translation>Thank you for your rating.</translation>
    </message>
</context>
<context>
    <name>ReaderPanel</name>
    <message>
        <location filename="../panels/reader_panel.py" line="+22"/>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tap the next demo card</source>
        <translation>Tap the next demo card</translation>
    </message>
    <message>
        <location line="+44"/>
        <source> · demo card (synthetic)</source>
        <translation> · demo card (synthetic)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last card: {name}, {number}</source>
        <translation>Last card: {name}, {number}</translation>
    </message>
</context>
<context>
    <name>ReaderStatusWidget</name>
    <message>
        <location filename="../reader/status_widget.py" line="+71"/>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Demo reader: its cards are synthetic, not real people&apos;s.</source>
        <translation>Demo reader: its cards are synthetic, not real people&apos;s.</translation>
    </message>
</context>
<context>
    <name>ReaderTexts</name>
    <message>
        <location filename="../reader/texts.py" line="+25"/>
        <source>Invalid card: {reason}</source>
        <translation>Invalid card: {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The card was removed before the read finished; place it again</source>
        <translation>The card was removed before the read finished; place it again</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No card reader connected</source>
        <translation>No card reader connected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Place the ID card on the reader</source>
        <translation>Place the ID card on the reader</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Card detected…</source>
        <translation>Card detected…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the card…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card read</source>
        <translation>Card read</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card removed</source>
        <translation>Card removed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card reader was disconnected</source>
        <translation>The card reader was disconnected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The card-reading service is not running; please contact technical support</source>
        <translation>The card-reading service is not running; please contact technical support</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Card reader not started</source>
        <translation>Card reader not started</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Card reader status unknown</source>
        <translation>Card reader status unknown</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the card&apos;s data is incomplete</source>
        <translation>the card&apos;s data is incomplete</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card&apos;s data has the wrong length</source>
        <translation>the card&apos;s data has the wrong length</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown kind of card</source>
        <translation>unknown kind of card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the card&apos;s data cannot be decoded</source>
        <translation>the card&apos;s data cannot be decoded</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an entry on the card is invalid</source>
        <translation>an entry on the card is invalid</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a date on the card is invalid</source>
        <translation>a date on the card is invalid</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the identity number on the card is invalid</source>
        <translation>the identity number on the card is invalid</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no card on the reader</source>
        <translation>no card on the reader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the card was removed too early</source>
        <translation>the card was removed too early</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not an identity card this reader knows</source>
        <translation>not an identity card this reader knows</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card could not be read</source>
        <translation>the card could not be read</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card failed the security check</source>
        <translation>the card failed the security check</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the reader did not answer in time</source>
        <translation>the reader did not answer in time</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no card reader found</source>
        <translation>no card reader found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the card reader was disconnected</source>
        <translation>the card reader was disconnected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card reader is busy</source>
        <translation>the card reader is busy</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card reader reports a fault</source>
        <translation>the card reader reports a fault</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the reader&apos;s answer was not understood</source>
        <translation>the reader&apos;s answer was not understood</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>transmission error (checksum)</source>
        <translation>transmission error (checksum)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>transmission error (length)</source>
        <translation>transmission error (length)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the card-reading service is not running</source>
        <translation>the card-reading service is not running</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the reader&apos;s settings are invalid</source>
        <translation>the reader&apos;s settings are invalid</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the photo cannot be shown</source>
        <translation>the photo cannot be shown</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>unknown reason</source>
        <translation>unknown reason</translation>
    </message>
</context>
<context>
    <name>ReceptionPage</name>
    <message>
        <location filename="../clerk/reception.py" line="+164"/>
        <source>Reception: tickets and bookings</source>
        <translation>Reception: tickets and bookings</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>1–9 service · P priority · 0 ordinary · Enter take and print · F3 check a booking in · Esc next citizen</source>
        <translation>1–9 service · P priority · 0 ordinary · Enter take and print · F3 check a booking in · Esc next citizen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Tie the ticket to the card</source>
        <translation>Tie the ticket to the card</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ordinary ticket</source>
        <translation>Ordinary ticket</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take and print (Enter)</source>
        <translation>Take and print (Enter)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Booking code</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. A12070930-1</source>
        <translation>e.g. A12070930-1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check in (F3)</source>
        <translation>Check in (F3)</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>No card read: the ticket names nobody.</source>
        <translation>No card read: the ticket names nobody.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Card: {name} {number}</source>
        <translation>Card: {name} {number}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>{key}{name} ({code}) — {n} waiting</source>
        <translation>{key}{name} ({code}) — {n} waiting</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Type the booking&apos;s code, or read the card it was made with.</source>
        <translation>Type the booking&apos;s code, or read the card it was made with.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Taking the ticket…</source>
        <translation>Taking the ticket…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{name}: {n} waiting before it</source>
        <translation>{name}: {n} waiting before it</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Booking checked in: called from its slot on</source>
        <translation>Booking checked in: called from its slot on</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Priority ticket</source>
        <translation>Priority ticket</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ticket taken; this desk has no printer.</source>
        <translation>Ticket taken; this desk has no printer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printing the ticket…</source>
        <translation>Printing the ticket…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Ticket printed.</source>
        <translation>Ticket printed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ticket did not print; it waits in the print queue for a retry.</source>
        <translation>The ticket did not print; it waits in the print queue for a retry.</translation>
    </message>
</context>
<context>
    <name>RegistryCountsPanel</name>
    <message>
        <location filename="../panels/counts_panel.py" line="+31"/>
        <source>Registry records</source>
        <translation>Registry records</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>An estimate: the table is large, and counting it exactly would slow every start.</source>
        <translation>An estimate: the table is large, and counting it exactly would slow every start.</translation>
    </message>
</context>
<context>
    <name>RegistryTables</name>
    <message>
        <location filename="../texts.py" line="+34"/>
        <source>Persons</source>
        <extracomment>Progress phases reported by the composition root&apos;s status provider. Tables shown in the counts panel, in display order (``COUNTED_TABLES`` in persistence).</extracomment>
        <translation>Persons</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dwellings</source>
        <translation>Dwellings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Buildings</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard addresses</source>
        <translation>Standard addresses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units (employers)</source>
        <translation>Units (employers)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dwelling relations</source>
        <translation>Dwelling relations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employments</source>
        <translation>Employments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit events</source>
        <translation>Audit events</translation>
    </message>
</context>
<context>
    <name>ReviewErrors</name>
    <message>
        <location filename="../errors.py" line="-17"/>
        <source>The database cannot be reached: nothing was recorded. Try again when the connection is back.</source>
        <translation>The database cannot be reached: nothing was recorded. Try again when the connection is back.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>{user} has just claimed this task; choose another one.</source>
        <translation>{user} has just claimed this task; choose another one.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Someone has just claimed this task; choose another one.</source>
        <translation>Someone has just claimed this task; choose another one.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This task is no longer yours (your claim expired or it was reassigned); claim it again to decide.</source>
        <translation>This task is no longer yours (your claim expired or it was reassigned); claim it again to decide.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your claim on this task has expired; claim it again to decide (nothing was changed).</source>
        <translation>Your claim on this task has expired; claim it again to decide (nothing was changed).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This task is no longer in the queue (the case changed meanwhile).</source>
        <translation>This task is no longer in the queue (the case changed meanwhile).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This task has already been decided; nothing was changed.</source>
        <translation>This task has already been decided; nothing was changed.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+9"/>
        <source>An opinion (a reason) is required for this decision.</source>
        <translation>An opinion (a reason) is required for this decision.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The case was changed by someone else meanwhile; it has been reloaded.</source>
        <translation>The case was changed by someone else meanwhile; it has been reloaded.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The case is no longer in review; this decision cannot be taken now.</source>
        <translation>The case is no longer in review; this decision cannot be taken now.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../review/review_page.py" line="+116"/>
        <source>No task open.

F2: claim the most urgent task nobody holds.
Enter: claim the task chosen in the queue.</source>
        <extracomment>Seconds between two refreshes when no live change arrives (the fallback poll). Live changes arriving within this many milliseconds are one refresh. A queue page is on screen (after each load). A task&apos;s evidence is on screen. A decision was recorded. An error was shown (its translated text). &quot;Claim next&quot; answered: the claimed row, or None when nothing was open. The task on screen (claimed by me, or looked at). Bumped for every queue query: an older page is dropped. Bumped whenever the task on screen changes: answers about the previous one are dropped. Answers dropped by the guards (for the log and the tests).</extracomment>
        <translation>No task open.

F2: claim the most urgent task nobody holds.
Enter: claim the task chosen in the queue.</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>{user} holds this task now.</source>
        <translation>{user} holds this task now.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Claiming the most urgent task…</source>
        <translation>Claiming the most urgent task…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing is waiting: every task is claimed.</source>
        <translation>Nothing is waiting: every task is claimed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+35"/>
        <source>Claimed {number}.</source>
        <translation>Claimed {number}.</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>{user} is working on {number}.</source>
        <translation>{user} is working on {number}.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Opening {number}…</source>
        <translation>Opening {number}…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Give the task back</source>
        <translation>Give the task back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why do you give {number} back? (recorded)</source>
        <translation>Why do you give {number} back? (recorded)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{number} is back in the queue.</source>
        <translation>{number} is back in the queue.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+7"/>
        <source>Reassign the task</source>
        <translation>Reassign the task</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Hand {number} to which approver (user name)?</source>
        <translation>Hand {number} to which approver (user name)?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why? (recorded)</source>
        <translation>Why? (recorded)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{number} is now with {user}.</source>
        <translation>{number} is now with {user}.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The clock is paused.</source>
        <translation>The clock is paused.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The clock runs.</source>
        <translation>The clock runs.</translation>
    </message>
</context>
<context>
    <name>ReviewTexts</name>
    <message>
        <location filename="../review/texts.py" line="+58"/>
        <source>All</source>
        <extracomment>Row colours (background, text) per clock level; contrast ratio ≥ 4.5:1 for the text. The text of a row a colleague holds (greyed out: not yours to take).</extracomment>
        <translation>All</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+66"/>
        <source>Unclaimed</source>
        <translation>Unclaimed</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Mine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claimed by others</source>
        <translation>Claimed by others</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+33"/>
        <source>Due today</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Yellow</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Red</source>
        <translation>Red</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned rounds</source>
        <translation>Returned rounds</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Overdue by 1 day</source>
        <translation>Overdue by 1 day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue by {days} days</source>
        <translation>Overdue by {days} days</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>0 days left</source>
        <translation>0 days left</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 day left</source>
        <translation>1 day left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{days} days left</source>
        <translation>{days} days left</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No time limit</source>
        <translation>No time limit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paused · {clock}</source>
        <translation>Paused · {clock}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{clock} · yellow</source>
        <translation>{clock} · yellow</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{clock} · red</source>
        <translation>{clock} · red</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Claimed by me</source>
        <translation>Claimed by me</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held by {user}</source>
        <translation>Held by {user}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned for correction</source>
        <translation>Returned for correction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return for correction</source>
        <translation>Return for correction</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Extension</source>
        <translation>Extension</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hearing</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On-site inspection</source>
        <translation>On-site inspection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expert review</source>
        <translation>Expert review</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant corrects materials</source>
        <translation>Applicant corrects materials</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Other special procedure</source>
        <translation>Other special procedure</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Acceptance notice</source>
        <translation>Acceptance notice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supplement notice</source>
        <translation>Supplement notice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refusal notice</source>
        <translation>Refusal notice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Materials-owed (容缺) notice</source>
        <translation>Materials-owed (容缺) notice</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approval decision notice</source>
        <translation>Approval decision notice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejection decision notice</source>
        <translation>Rejection decision notice</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../desktop/app.py" line="+580"/>
        <source>OneWindow cannot start: the configuration file cannot be used.</source>
        <extracomment>Milliseconds between the status appearing and the screenshot (lets the screen repaint).</extracomment>
        <translation>OneWindow cannot start: the configuration file cannot be used.</translation>
    </message>
</context>
<context>
    <name>StartupErrors</name>
    <message>
        <location filename="../errors.py" line="+9"/>
        <source>The configured database address is not valid.</source>
        <translation>The configured database address is not valid.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The configured database type is not supported.</source>
        <translation>The configured database type is not supported.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database cannot be reached.</source>
        <translation>The database cannot be reached.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database server refused the password.</source>
        <translation>The database server refused the password.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No password is stored for the database.</source>
        <translation>No password is stored for the database.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keyring is not available to read the database password.</source>
        <translation>The system keyring is not available to read the database password.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database was created by a newer version of OneWindow.</source>
        <translation>The database was created by a newer version of OneWindow.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database schema is not one this version of OneWindow knows.</source>
        <translation>The database schema is not one this version of OneWindow knows.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database has not been initialised yet.</source>
        <translation>The database has not been initialised yet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database file is not a OneWindow database or is damaged.</source>
        <translation>The database file is not a OneWindow database or is damaged.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database refused the request.</source>
        <translation>The database refused the request.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The synthetic demo registry could not be created.</source>
        <translation>The synthetic demo registry could not be created.</translation>
    </message>
    <message>
        <location line="-167"/>
        <source>OneWindow could not open the registry.</source>
        <translation>OneWindow could not open the registry.</translation>
    </message>
</context>
<context>
    <name>StartupPanel</name>
    <message>
        <location filename="../panels/startup_panel.py" line="+22"/>
        <source>Preparing the registry…</source>
        <extracomment>Width of the centred column that holds the text and the progress bar.</extracomment>
        <translation>Preparing the registry…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Connecting to the database…</source>
        <translation>Connecting to the database…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{step}: {done} of {total}</source>
        <translation>{step}: {done} of {total}</translation>
    </message>
</context>
<context>
    <name>StartupPhases</name>
    <message>
        <location filename="../texts.py" line="+8"/>
        <source>Opening the database and bringing its schema up to date…</source>
        <translation>Opening the database and bringing its schema up to date…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Counting the registry&apos;s records…</source>
        <translation>Counting the registry&apos;s records…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First start: creating the synthetic demo registry…</source>
        <translation>First start: creating the synthetic demo registry…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Removing the incomplete demo data</source>
        <extracomment>Other names a seeding step may go by, mapped to the table it fills.</extracomment>
        <translation>Removing the incomplete demo data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finishing</source>
        <translation>Finishing</translation>
    </message>
</context>
<context>
    <name>SupervisorPages</name>
    <message>
        <location filename="../supervisor/pages.py" line="+70"/>
        <source>Dashboard</source>
        <extracomment>The station&apos;s services (``ui.stations.supervisor.SupervisorServices``). Where exports are offered first. Seconds between two refreshes when no live change arrives. The page&apos;s name in the side list (translated when called).</extracomment>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadlines</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating follow-ups</source>
        <translation>Rating follow-ups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <location filename="../kiosk/ticket_page.py" line="+24"/>
        <source>Take a ticket</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Tickets are not given at this kiosk. Please ask at: {place}</source>
        <translation>Tickets are not given at this kiosk. Please ask at: {place}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the service:</source>
        <translation>Choose the service:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I have a booking</source>
        <translation>I have a booking</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name} — {n} waiting</source>
        <translation>{name} — {n} waiting</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+8"/>
        <source>One moment…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Your booking is checked in. Your number is {n}, called from {t} on. Printing your ticket…</source>
        <translation>Your booking is checked in. Your number is {n}, called from {t} on. Printing your ticket…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your number is {n}. {k} people are before you. Printing your ticket…</source>
        <translation>Your number is {n}. {k} people are before you. Printing your ticket…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your number is {n}. The ticket could not be printed: {why}</source>
        <translation>Your number is {n}. The ticket could not be printed: {why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your number is {n}. Take your ticket.</source>
        <translation>Your number is {n}. Take your ticket.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your number is {n}, called from {t} on. The ticket could not be printed: {why}</source>
        <translation>Your number is {n}, called from {t} on. The ticket could not be printed: {why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your number is {n}, called from {t} on. Take your ticket.</source>
        <translation>Your number is {n}, called from {t} on. Take your ticket.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../kiosk/welcome.py" line="+65"/>
        <source>Place your ID card on the reader</source>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>See your cases, print your papers again, declare your residence, take a ticket or rate our service. Nothing is typed: your card is enough.</source>
        <translation>See your cases, print your papers again, declare your residence, take a ticket or rate our service. Nothing is typed: your card is enough.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your session has ended. Nothing of yours is kept on this screen.</source>
        <translation>Your session has ended. Nothing of yours is kept on this screen.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../clerk/calling_strip.py" line="+7"/>
        <source>Transfer the ticket</source>
        <translation>Transfer the ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To which queue (letter) or window (number)?</source>
        <translation>To which queue (letter) or window (number)?</translation>
    </message>
</context>
</TS>
