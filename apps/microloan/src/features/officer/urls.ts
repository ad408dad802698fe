// The credit officer's workbench (subpackage `officer`: only officers download it).
export const queueUrl = '/officer/pages/queue/index'
export const officerApplicationUrl = (id: string) => `/officer/pages/application/index?id=${encodeURIComponent(id)}`
