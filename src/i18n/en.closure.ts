/**
 * English strings of the remediation, verification, closure, survey and summary cards
 * (`card.<cardId>.*`, bound as `$root.t`) and of the case summary's words (`summary.*`, used by
 * src/cases/summary.ts for the card's data and the Markdown summary). Spread into the English catalog (en.ts).
 */
export const enClosure = {
  // Card: one remediation stage (src/cards/data/stage.ts gives the data)
  'card.remediation.title': 'Stage {stageNumber} of {stageCount}: {title}',
  'card.remediation.unknownPlaybook':
    'The details of this stage are not in my knowledge base. Choose "Talk to an engineer" and an engineer will guide you through it.',
  'card.remediation.summaryTitle': 'What it does',
  'card.remediation.whyTitle': 'Why this stage',
  'card.remediation.advisesEngineer':
    'This stage is best done together with an engineer. Choose "Talk to an engineer" if you would rather not do it alone.',
  'card.remediation.preconditionsTitle': 'Before you start',
  'card.remediation.risksTitle': 'Risks',
  'card.remediation.severeWarning': 'This stage removes apps or may lose data: back up first.',
  'card.remediation.stepsTitle': 'Steps',
  'card.remediation.variantsTitle': 'Steps for the update environment',
  'card.remediation.variantThis.internet':
    'This machine gets its updates from Windows Update on the internet:',
  'card.remediation.variantThis.wsus': 'This machine gets its updates from a WSUS server:',
  'card.remediation.variantThis.offline': 'This machine cannot reach an update server (offline):',
  'card.remediation.variantIf.internet':
    'If the machine gets its updates from Windows Update on the internet:',
  'card.remediation.variantIf.wsus': 'If the machine gets its updates from a WSUS server:',
  'card.remediation.variantIf.offline': 'If the machine cannot reach an update server (offline):',
  'card.remediation.variantSaid.internet':
    'You said this machine gets its updates from Windows Update on the internet:',
  'card.remediation.variantSaid.wsus': 'You said this machine gets its updates from a WSUS server:',
  'card.remediation.variantSaid.offline': 'You said this machine cannot reach an update server (offline):',
  'card.remediation.otherVariants': 'Steps for other update environments',
  'card.remediation.passedOver.missing-package-named':
    'Stage {number} ({title}) is skipped: no log names a missing package.',
  'card.remediation.passedOver.installation-media':
    'Stage {number} ({title}) is skipped: you said you have no installation media.',
  'card.remediation.passedOver.repair-source':
    'Stage {number} ({title}) is skipped: this machine cannot reach Windows Update, so DISM would need installation media as its repair source, and you said you have none.',
  'card.remediation.verifyTitle': 'How to check that it worked',
  'card.remediation.scriptsTitle': 'Scripts for this stage',
  'card.remediation.scriptSent': 'Sent to you as a file in this chat.',
  'card.remediation.scriptWithCopy':
    "Sent to you as a file in this chat. If it is blocked, download {textCopy} from the case's upload page and rename it to .cmd.",
  'card.remediation.statusFixed': 'Outcome: fixed.',
  'card.remediation.statusFailed': 'Outcome: still failing.',
  'card.remediation.statusSkipped': 'Outcome: skipped (could not be done).',
  'card.remediation.statusDeferred':
    'Not now: an earlier stage can be done again and comes first. This one follows if it is still needed.',
  'card.remediation.statusEngineer': 'Outcome: handed to an engineer.',
  'card.remediation.reportedError': 'Reported error: {errorCode}',
  'card.remediation.fixed': 'Done — fixed',
  'card.remediation.failing': 'Done — still failing',
  'card.remediation.cannot': "Can't do this",
  'card.remediation.engineer': 'Talk to an engineer',
  'card.remediation.fallback':
    'Stage {stageNumber} of {stageCount} for case {caseNumber}: {title}. Follow the steps, then tell me here whether the update installs now, still fails, or whether you cannot do this stage.',

  // Card: after a stage failed (data: caseNumber, stageTitle, stageNumber, hasNext, nextTitle, answered)
  'card.verify.title': 'Stage {stageNumber} did not fix it',
  'card.verify.textNext':
    'The retry still fails after {stageTitle}. Send the new logs so I can compare them with the first diagnosis, or go on to the next stage ({nextTitle}).',
  'card.verify.textLast':
    'The retry still fails after {stageTitle}, and it was the last stage I can recommend. Send the new logs so I can compare them with the first diagnosis, or talk to an engineer.',
  'card.verify.answeredNext': 'You chose to go on to the next stage.',
  'card.verify.answeredLogs': 'You chose to send new logs.',
  'card.verify.answeredEngineer': 'You asked to talk to an engineer.',
  'card.verify.next': 'Go on to the next stage',
  'card.verify.logs': 'Send new logs',
  'card.verify.engineer': 'Talk to an engineer',
  'card.verify.fallback':
    'Case {caseNumber}: the retry still fails after {stageTitle}. Tell me here whether to go on to the next stage, compare new logs, or bring in an engineer.',

  // Card: closure proposal (data: caseNumber, resolved, answered)
  'card.closure.title': 'Archive case {caseNumber}?',
  'card.closure.resolvedText':
    'The update installs now: the problem is resolved. With your consent I will archive the case, and a short survey follows.',
  'card.closure.unresolvedText':
    'The update still fails. If you would rather stop here for now, I can archive the case with your consent; everything found so far stays on the case.',
  'card.closure.supportText':
    'Archiving does not end support: reply "reopen" in this chat at any time and the case continues where it stopped.',
  'card.closure.answeredAccepted': 'You agreed to archive the case.',
  'card.closure.answeredDeclined': 'You chose to keep the case open for now.',
  'card.closure.answeredWithdrawn':
    'Withdrawn: new logs showed the update failing on another machine, so the case went back to its stages.',
  'card.closure.accept': 'Yes, archive the case',
  'card.closure.decline': 'Not yet',
  'card.closure.fallback':
    'May I archive case {caseNumber}? Archiving does not end support: reply "reopen" at any time to continue it. Tell me here whether to archive it now or not yet.',

  // Card: survey (data: caseNumber, answered, score)
  'card.survey.title': 'Survey',
  'card.survey.intro': 'Please rate the support you received for case {caseNumber}. The comment is optional.',
  'card.survey.scoreLabel': 'Your rating',
  'card.survey.scoreRequired': 'Please choose a rating.',
  'card.survey.score1': '1 – poor',
  'card.survey.score2': '2 – fair',
  'card.survey.score3': '3 – good',
  'card.survey.score4': '4 – very good',
  'card.survey.score5': '5 – excellent',
  'card.survey.commentLabel': 'Comment (optional)',
  'card.survey.commentPlaceholder': 'What went well, and what could be better?',
  'card.survey.thanks': 'Thank you: {score}/5',
  'card.survey.skipped': 'You skipped the survey. Thank you all the same.',
  'card.survey.submit': 'Submit',
  'card.survey.skip': 'Skip',
  'card.survey.fallback':
    'Survey for case {caseNumber}: reply with a rating from 1 (poor) to 5 (excellent), and a comment if you like.',

  // Card: case summary (src/cases/summary.ts gives the data; the Markdown summary uses these headings too)
  'card.summary.title': 'Case summary: {caseNumber}',
  'card.summary.status': 'Status',
  'card.summary.outcome': 'Outcome',
  'card.summary.priority': 'Priority',
  'card.summary.owner': 'Engineer',
  'card.summary.opened': 'Opened',
  'card.summary.descriptionTitle': 'Description',
  'card.summary.progressTitle': 'Progress',
  'card.summary.analysisTitle': 'Analysis',
  'card.summary.noFindings': 'No logs have been analysed for this case yet.',
  'card.summary.osBuild': 'OS build',
  'card.summary.errorCode': 'Error code',
  'card.summary.meaning': 'Meaning',
  'card.summary.cause': 'Cause',
  'card.summary.evidence': 'Evidence',
  'card.summary.noFailure': 'No decisive failure was found in the logs.',
  'card.summary.commonCauseTitle': 'Common cause',
  'card.summary.planTitle': 'Recommended actions',
  'card.summary.stagesTitle': 'Stages tried',
  'card.summary.outcomeTitle': 'Outcome',
  'card.summary.surveyTitle': 'Survey',
  'card.summary.score': 'Rating: {score}/5',
  'card.summary.reopen': 'Reopen the case',
  'card.summary.fallback':
    'Summary of case {caseNumber} ({statusText}): description, progress, analysis, recommended actions, stages tried and outcome.',

  // Case summary words (card data and Markdown)
  'summary.status.open': 'open',
  'summary.status.awaiting-customer': 'waiting for the user',
  'summary.status.awaiting-engineer': 'waiting for an engineer',
  'summary.status.with-engineer': 'with an engineer',
  'summary.status.archived': 'archived',
  'summary.status.closed': 'closed',
  'summary.outcome.resolved': 'resolved',
  'summary.outcome.unresolved': 'not resolved',
  'summary.outcome.no-reply': 'no reply',
  'summary.outcome.cancelled': 'withdrawn',
  'summary.outcome.new-case': 'replaced by a new case',
  'summary.outcomeDetail.resolved': 'The update problem is resolved.',
  'summary.outcomeDetail.unresolved': 'Archived while the update still fails.',
  'summary.outcomeDetail.no-reply': 'Archived after the reminders went unanswered.',
  'summary.outcomeDetail.cancelled': 'Withdrawn by the user.',
  'summary.outcomeDetail.new-case': 'Archived because the user opened a new case.',
  'summary.commonCause.same': 'The {count} machines fail for the same reason: {reason}',
  'summary.commonCause.different':
    'The {count} machines do not fail for the same reason; see the analysis of each machine.',
  'summary.fixedBy': 'Fixed by stage {number}: {title}.',
  'summary.consent': "Archived with the user's consent.",
  'summary.stageOutcome.fixed': 'fixed',
  'summary.stageOutcome.failed': 'still failing',
  'summary.stageOutcome.failedWithCode': 'still failing ({errorCode})',
  'summary.stageOutcome.skipped': 'skipped (could not be done)',
  'summary.stageOutcome.ruledOut.missing-package-named': 'skipped (no log names a missing package)',
  'summary.stageOutcome.ruledOut.installation-media': 'skipped (the user has no installation media)',
  'summary.stageOutcome.ruledOut.repair-source':
    'skipped (no Windows Update access and no installation media as a repair source)',
  'summary.stageOutcome.pending': 'waiting for the outcome',
  'summary.stageOutcome.notTried': 'not tried',
  'summary.progress.opened': 'Case opened on {date}.',
  'summary.progress.analysed': 'Logs of {machine} analysed: {error}.',
  'summary.progress.analysedClean': 'Logs of {machine} analysed: no decisive failure found.',
  'summary.progress.recommended':
    'Analysis and recommended actions sent ({count, plural, one {# stage} other {# stages}}).',
  'summary.progress.stage': 'Stage {number} “{title}”: {outcome}.',
  'summary.progress.engineerRequested': 'The user asked for an engineer on {date}.',
  'summary.progress.resolvedBy': 'Resolved by stage {number}: {title}.',
  'summary.progress.archivedWithConsent': "Archived with the user's consent on {date}.",
  'summary.progress.reopened': 'Reopened on {date}.',
  'summary.progress.archivedNoReply': 'Archived on {date} after the reminders went unanswered.',
} as const;
